import { type Attributes, type Context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { MiroRequest } from '../../http/miro-request.js';
import type { MiroCall } from '../../transport/miro-call.js';
import type { AttemptTrace } from '../miro-telemetry.js';
import { within } from './active-context.js';
import type { CallSpan } from './call-span.js';
import { outcomeAttributes } from './http-attributes.js';
import { MIRO_ATTRIBUTES } from './telemetry-names.js';

/**
 * One attempt of a call: an HTTP client span beneath the call's (while it records) and the
 * attempt's metrics (credits, wait, duration). A class rather than closures: an SDK that
 * records pays for this on every attempt.
 */
export class AttemptSpan implements AttemptTrace {
  readonly #startedAt = performance.now();
  readonly #span: Span | undefined;
  readonly #context: Context;

  constructor(
    readonly owner: CallSpan,
    readonly call: MiroCall,
  ) {
    const { operation, scope } = owner;
    const { method, url } = call.request;
    // What the limiter charges this attempt (N x 100 for a bulk call of N items).
    const credits = (call.request as Partial<MiroRequest>).creditCost ?? 0;
    if (owner.span.isRecording()) {
      // Given at the start, so that a sampler sees them (the convention's advice).
      const target = owner.target(url);
      const attributes: Attributes = { 'http.request.method': method };
      if (target) {
        attributes['server.address'] = target['server.address'];
        attributes['server.port'] = target['server.port'];
        attributes['url.full'] = target['url.full'];
      }
      if (operation.path) attributes['url.template'] = operation.path;
      attributes[MIRO_ATTRIBUTES.operationId] = operation.operationId;
      attributes[MIRO_ATTRIBUTES.creditsCharged] = credits;
      attributes[MIRO_ATTRIBUTES.queuedMs] = call.queuedMs;
      if (call.attempt > 1) attributes['http.request.resend_count'] = call.attempt - 1;
      const name = operation.path ? `${method} ${operation.path}` : method;
      this.#span = scope.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, owner.childContext);
      this.#context = trace.setSpan(owner.childContext, this.#span);
    } else {
      this.#context = owner.childContext;
    }
    const { instruments } = scope;
    if (instruments) {
      instruments.creditsSpent.add(credits, scope.budget());
      if (call.settings.limiter) instruments.queueWait.record(call.queuedMs / 1000);
    }
  }

  /** Runs the send within the attempt's span, so that an HTTP instrumentation's span nests beneath it. */
  send<T>(start: () => T): T {
    return within(this.#context, start);
  }

  ended(outcome: { response: unknown } | { failure: unknown }): void {
    const { call } = this;
    const attributes = outcomeAttributes(call, outcome);
    const status = attributes['http.response.status_code'];
    const errorType = attributes['error.type'];
    const span = this.#span;
    if (span) {
      span.setAttributes(attributes);
      if (errorType !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    const { operation, scope } = this.owner;
    const { instruments } = scope;
    if (!instruments) return;
    if (status === 429) instruments.rateLimited.add(1, scope.budget());
    const target = this.owner.target(call.request.url);
    const measured: Attributes = {
      'http.request.method': call.request.method,
      'server.address': target?.['server.address'],
      'server.port': target?.['server.port'],
    };
    if (operation.path) measured['url.template'] = operation.path;
    if (status !== undefined) measured['http.response.status_code'] = status;
    if (errorType !== undefined) measured['error.type'] = errorType;
    instruments.requestDuration.record((performance.now() - this.#startedAt) / 1000, measured);
  }
}
