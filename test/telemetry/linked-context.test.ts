/**
 * miro-rx's spans ride in contexts that link a value to their parent rather than copy a map:
 * whatever is set or deleted on them (by miro-rx, `trace.setSpan`, an instrumentation), each
 * reads as the API's own context would.
 */
import { type Context, createContextKey, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkedTo } from '../../src/telemetry/otel/linked-context.js';

const KEYS = ['a', 'b', 'c', 'd'].map((name) => createContextKey(name));
const step = fc.record({
  key: fc.integer({ min: 0, max: KEYS.length - 1 }),
  value: fc.option(fc.integer(), { nil: undefined }),
  remove: fc.boolean(),
  relink: fc.boolean(),
});

describe('a linked context', () => {
  it('reads as the API context does after any sets and deletes, on either side of the link', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), fc.integer({ min: 0, max: 12 }), (steps, linkAt) => {
        let api: Context = ROOT_CONTEXT;
        let linked: Context = ROOT_CONTEXT;
        steps.forEach(({ key, value, remove, relink }, n) => {
          if (n === linkAt || relink) linked = linkedTo(linked);
          const k = KEYS[key]!;
          api = remove ? api.deleteValue(k) : api.setValue(k, value);
          linked = remove ? linked.deleteValue(k) : linked.setValue(k, value);
        });
        for (const k of KEYS) expect(linked.getValue(k)).toBe(api.getValue(k));
      }),
      { numRuns: 500 },
    );
  });

  it('carries a span for trace.getSpan, leaves its parent as it was, and is never the root', () => {
    const parentSpan = trace.wrapSpanContext({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 });
    const childSpan = trace.wrapSpanContext({ traceId: '1'.repeat(32), spanId: '3'.repeat(16), traceFlags: 1 });
    const parent = trace.setSpan(ROOT_CONTEXT, parentSpan);
    const child = trace.setSpan(linkedTo(parent), childSpan);
    expect(trace.getSpan(child)).toBe(childSpan);
    expect(trace.getSpan(parent)).toBe(parentSpan);
    expect(trace.getSpan(trace.deleteSpan(child))).toBeUndefined();
    expect(linkedTo(ROOT_CONTEXT)).not.toBe(ROOT_CONTEXT);
  });
});
