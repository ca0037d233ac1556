import { type Attributes, type Context, createContextKey, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { MiroRequest } from '../../http/miro-request.js';
import type { MiroCall } from '../../transport/miro-call.js';
import type { AttemptTrace, CallTrace, TracedOperation } from '../miro-telemetry.js';
import { activeContext, within } from './active-context.js';
import { outcomeAttributes, targetAttributes } from './http-attributes.js';
import type { MiroInstruments } from './miro-metrics.js';
import { MIRO_ATTRIBUTES } from './telemetry-names.js';
import { endSpan, WorkSpan } from './work-span.js';

/** Where a call's trace rides in the OpenTelemetry context, for the transport to find it. */
const CALL_TRACE = createContextKey('miro-rx call trace');

/**
 * The call of `owner` whose subscription is under way, if any. Another client's call made inside
 * it (from an interceptor, say) is not it: that client's attempts are not this call's.
 */
export function activeCallTrace(owner: object): CallTrace | undefined {
  const call = activeContext().getValue(CALL_TRACE) as CallSpan | undefined;
  return call?.scope.owner === owner ? call : undefined;
}

/** What every attempt of a client's calls shares. */
export interface CallScope {
  /** The client telemetry that started the call: only its own client's transport may take it. */
  readonly owner: object;
  readonly tracer: Tracer;
  readonly instruments: MiroInstruments | undefined;
  /** `miro.budget.id` of the budget the latest attempt was charged to, or none for a client without a limiter. */
  budget(): Attributes;
}

/** A call's span (named for the operation), with one HTTP client span per attempt beneath it. */
export class CallSpan extends WorkSpan implements CallTrace {
  #target: Attributes | undefined;
  #attempts = 0;

  constructor(
    span: Span,
    parent: Context,
    readonly operation: TracedOperation,
    readonly scope: CallScope,
  ) {
    super(span, parent);
    this.context = this.context.setValue(CALL_TRACE, this);
    span.setAttribute(MIRO_ATTRIBUTES.operationId, operation.operationId);
  }

  attempt(call: MiroCall): AttemptTrace {
    this.#attempts = call.attempt;
    const { method } = call.request;
    const { tracer, instruments } = this.scope;
    // What the limiter charges this attempt (N x 100 for a bulk call of N items).
    const credits = (call.request as Partial<MiroRequest>).creditCost ?? 0;
    const startedAt = performance.now();
    let span: Span | undefined;
    if (this.span.isRecording()) {
      this.#target ??= targetAttributes(call.request.url);
      const attributes: Attributes = {
        'http.request.method': method,
        ...this.#target,
        [MIRO_ATTRIBUTES.operationId]: this.operation.operationId,
        [MIRO_ATTRIBUTES.creditsCharged]: credits,
        [MIRO_ATTRIBUTES.queuedMs]: call.queuedMs,
      };
      if (this.operation.path) attributes['url.template'] = this.operation.path;
      if (call.attempt > 1) attributes['http.request.resend_count'] = call.attempt - 1;
      const name = this.operation.path ? `${method} ${this.operation.path}` : method;
      span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, this.context);
    }
    if (instruments) {
      instruments.creditsSpent.add(credits, this.scope.budget());
      if (call.settings.limiter) instruments.queueWait.record(call.queuedMs / 1000);
    }
    const sendContext = span ? trace.setSpan(this.context, span) : this.context;
    return {
      send: (start) => within(sendContext, start),
      ended: (outcome) => {
        const attributes = outcomeAttributes(call, outcome);
        if (span) {
          span.setAttributes(attributes);
          if (attributes['error.type'] !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        }
        if (!instruments) return;
        const status = attributes['http.response.status_code'];
        if (status === 429) instruments.rateLimited.add(1, this.scope.budget());
        this.#target ??= targetAttributes(call.request.url);
        const measured: Attributes = {
          'http.request.method': method,
          'server.address': this.#target['server.address'],
          'server.port': this.#target['server.port'],
        };
        if (this.operation.path) measured['url.template'] = this.operation.path;
        if (status !== undefined) measured['http.response.status_code'] = status;
        if (attributes['error.type'] !== undefined) measured['error.type'] = attributes['error.type'];
        instruments.requestDuration.record((performance.now() - startedAt) / 1000, measured);
      },
    };
  }

  override end(error?: unknown): void {
    this.span.setAttribute(MIRO_ATTRIBUTES.attempts, this.#attempts);
    endSpan(this.span, error);
  }
}
