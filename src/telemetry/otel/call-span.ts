import { type Attributes, type Context, createContextKey, type Span, type Tracer } from '@opentelemetry/api';
import type { MiroCall } from '../../transport/miro-call.js';
import type { AttemptTrace, CallTrace, TracedOperation } from '../miro-telemetry.js';
import { activeContext } from './active-context.js';
import { AttemptSpan } from './attempt-span.js';
import { type HttpTarget, targetAttributes } from './http-attributes.js';
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

/** What every attempt of a client's calls shares (one object per client, not per call). */
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
  // The call's URL is the same on every attempt: its target is worked out once (null: not yet).
  #target: HttpTarget | undefined | null = null;
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

  /** The context the call's attempts start in. */
  get childContext(): Context {
    return this.context;
  }

  target(url: string): HttpTarget | undefined {
    if (this.#target === null) this.#target = targetAttributes(url);
    return this.#target;
  }

  attempt(call: MiroCall): AttemptTrace {
    this.#attempts = call.attempt;
    return new AttemptSpan(this, call);
  }

  override end(error?: unknown): void {
    this.span.setAttribute(MIRO_ATTRIBUTES.attempts, this.#attempts);
    endSpan(this.span, error);
  }
}
