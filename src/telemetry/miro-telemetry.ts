import type { Observable } from 'rxjs';
import type { MiroCall } from '../transport/miro-call.js';

/**
 * What the `telemetry` option takes: made by `openTelemetry()` of `miro-rx/otel`, the only
 * module that imports `@opentelemetry/api`. The core speaks to it through these interfaces
 * alone, so an app without the package (or a browser bundle) loads no OpenTelemetry code.
 */
export interface MiroTelemetry {
  /**
   * Called once per client, in its constructor: miro-rx's side of the contract, not an app's.
   * @internal
   */
  client(budget: TelemetryBudget | undefined): ClientTelemetry;
}

/** The credit budget a client spends, as telemetry may see it: a key that is never a token. */
export interface TelemetryBudget {
  /** The limiter's budget key (base URL and a digest of the token, or the caller's key). */
  readonly key: string;
  /** Queued and in-flight counts now; undefined while the budget's limiter is released. */
  snapshot(): { readonly queued: number; readonly inFlight: number } | undefined;
}

/** What the call being traced is, for its span. */
export interface TracedOperation {
  readonly operationId: string;
  /** The path template, e.g. `/v2/boards/{board_id}`: the convention's `url.template`. */
  readonly path?: string;
}

/** One client's telemetry. Every method returns undefined when nothing would be recorded. */
export interface ClientTelemetry {
  /** Starts the trace of one call, at subscription: a child of the context active then. */
  call(operation: TracedOperation): TracedWork | undefined;
  /**
   * Starts a span around work of many calls (a paginated read, a bulk upload, a poll); `root`
   * starts a trace of its own (a watch's polls run for hours after whatever subscribed).
   */
  work(name: string, operationId: string, root?: boolean): TracedWork | undefined;
  /** The call whose subscription is under way: the one a `MiroCall` belongs to. */
  activeCall(): CallTrace | undefined;
}

/** A span in progress; what is subscribed `within` it becomes its child. */
export interface TracedWork {
  /** Runs `subscribe(arg)` within the span (an argument, not a closure: this runs on every call). */
  within<A, T>(subscribe: (arg: A) => T, arg: A): T;
  /** `within`, for one of the calls the work is made of (a page, a batch): they are counted. */
  call<T>(subscribe: () => T): T;
  /**
   * Runs `deliver(target, value)` in the context the work began in: what the subscriber does with
   * a result (such as start the next call) is not part of this work, even where the result
   * arrives inside it.
   */
  outside<A, B>(deliver: (target: A, value: B) => void, target: A, value: B): void;
  /** Ends the span: with the error that ended the work, or none (completed or unsubscribed). */
  end(error?: unknown): void;
}

/** A call's span, as the attempt adapter sees it: each attempt sent gets its own child. */
export interface CallTrace {
  attempt(call: MiroCall): AttemptTrace;
}

/** One attempt on the wire: ended with axios's response, or the failure (which may carry one). */
export interface AttemptTrace {
  /** Runs the send within the attempt's span, so that an HTTP instrumentation's span nests beneath it. */
  send<T>(start: () => T): T;
  ended(outcome: { response: unknown } | { failure: unknown }): void;
}

/** A cold Observable that runs `source$` as one traced piece of work (see `tracedWork$`). */
export type WorkSource<T> = (inside: <U>(source$: Observable<U>) => Observable<U>) => Observable<T>;
