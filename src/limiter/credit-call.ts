import type { Observer, Subscriber, Subscription, TeardownLogic } from 'rxjs';
import { NOT_ABORTED, type MiroHandler, type MiroHttpResponse, type MiroRequest } from '../http/miro-request.js';
import type { MiroError } from '../errors/miro-errors.js';
import { abortedBeforeSending, creditRefusals } from '../errors/error-factory.js';
import type { RateLimitHeaders } from '../http/call-options.js';
import { MAX_TIMER_DELAY_MS } from '../http/rate-limit-headers.js';
import type { CreditStore } from './credit-store.js';
import type { LimiterStateStream } from './limiter-state-stream.js';
import type { QueuedCall } from './queued-call.js';

/** What one call needs of its limiter. */
export interface CallHost {
  readonly store: CreditStore;
  readonly state: LimiterStateStream;
  /** The limiter was closed: calls it still holds fail as refused, not as a store fault. */
  readonly closed: boolean;
  /** Bottleneck `expiration` for a job (cluster mode: a crashed process's credits come back). */
  readonly expirationMs?: (request: MiroRequest) => number | undefined;
  /** A call joins the queue. */
  enqueued(call: QueuedCall): void;
  /** A call left the queue without being granted (dropped, or never queued). */
  leftQueue(call: QueuedCall): void;
  /** A call was granted: the others are judged again against the window. */
  granted(call: QueuedCall): void;
  /** A call was cancelled while queued: take it out of the store's queue. */
  dropCancelled(call: QueuedCall): void;
  /** Asks the store to probe again (a probe that ended without an answer). */
  probeEnded(): void;
  /** Bookkeeping of an answer (or failure) of `weight` credits; true when it told the store something. */
  answered(status: number, rateLimit: RateLimitHeaders | undefined, weight: number): boolean;
  failed(error: unknown, weight: number): boolean;
  /** A call ended its exchange; `reported` when its answer told the store something. */
  finished(weight: number, reported: boolean): void;
}

let jobCounter = 0;

/**
 * One attempt's passage through the limiter: a Bottleneck job of its weight in credits, queued
 * until Bottleneck grants it; cancelled by
 * unsubscribing or its signal (nothing spent); failed by the limiter's policies (`fail`) or
 * by its own `timeoutMs` while queued. It is itself the queued call the limiter holds (one
 * object per attempt, no `fail` closure on a separate record).
 */
export class CreditCall implements QueuedCall, Observer<MiroHttpResponse> {
  readonly id = `miro-rx-${++jobCounter}`;
  readonly weight: number;
  readonly queuedAt = Date.now();
  granted = false;
  cancelled = false;
  #inner: Subscription | undefined;
  /** Ends Bottleneck's job; set while the attempt is on the wire. */
  #resolve: (() => void) | undefined;
  /** An answer told the store something (else the probe, if any, is asked again). */
  #reported = false;
  #deadline: ReturnType<typeof setTimeout> | undefined;
  /** The shared "no signal" instance never fires: listening to it would only pile up listeners. */
  readonly #listens: boolean;

  constructor(
    private readonly host: CallHost,
    readonly request: MiroRequest,
    /** This client's bound on its wait for a window (the bounded-wait policy). */
    readonly maxWaitMs: number,
    private readonly send: MiroHandler,
    private readonly subscriber: Subscriber<MiroHttpResponse>,
  ) {
    this.weight = request.creditCost;
    this.#listens = request.signal !== NOT_ABORTED;
  }

  /** The request's signal already fired: it fails as never sent. */
  abortedBefore(): TeardownLogic {
    this.#onAbort();
  }

  /** Waits in the queue for its credits. */
  enqueue(): TeardownLogic {
    if (this.#listens) this.request.signal.addEventListener('abort', this.#onAbort, { once: true });
    this.#startDeadline();
    this.host.enqueued(this);
    const expiration = this.host.expirationMs?.(this.request);
    this.host.store.limiter
      .schedule({ id: this.id, weight: this.weight, ...(expiration ? { expiration } : {}) }, () => new Promise<void>((resolve) => this.#start(resolve)))
      .catch((error: unknown) => this.#notQueued(error));
    return () => {
      this.#stopWaiting();
      if (!this.#cancel()) this.#endExchange();
    };
  }

  /**
   * A call that set its own `timeoutMs` waits at most that long for credits (the client's
   * default bounds only the exchange: an import queued for several windows is the limiter
   * working as meant). 0, or more than Node's longest timer, means no bound, as for the token.
   */
  #startDeadline(): void {
    const { callTimeoutMs: ms } = this.request;
    if (ms === undefined || !(ms > 0) || ms > MAX_TIMER_DELAY_MS) return;
    this.#deadline = setTimeout(() => this.fail(creditRefusals.waitTimedOut(this.request, ms, Date.now() - this.queuedAt)), ms);
  }

  readonly #onAbort = (): void => {
    this.#stopWaiting();
    if (this.#cancel()) this.subscriber.error(abortedBeforeSending(this.request));
  };

  /** Takes it out of the queue and fails it (its wait is too long, its deadline passed, the limiter closed). */
  fail(error: MiroError): void {
    this.#stopWaiting();
    if (this.#cancel()) this.subscriber.error(error);
  }

  /** Marks a call that was not granted yet as cancelled; false when it was granted or cancelled already. */
  #cancel(): boolean {
    if (this.granted || this.cancelled) return false;
    this.cancelled = true;
    this.host.state.counts.cancelled += 1;
    this.host.dropCancelled(this);
    return true;
  }

  /** Bottleneck granted the credits. */
  #start(resolve: () => void): void {
    const { host } = this;
    this.#stopWaiting();
    host.granted(this);
    if (this.cancelled) {
      // Granted before the drop could take it out; it was never sent, so its credits go back.
      // Fired and forgotten: a store that cannot take them back (Redis gone) must not crash the process.
      void host.store.refund(this.weight).then(
        () => host.probeEnded(),
        () => host.probeEnded(),
      );
      return resolve();
    }
    host.state.sent(this.weight);
    this.#resolve = resolve;
    // Sends; the credits are in flight until the exchange ends. The call is its own observer
    // (`next`, `error`, `complete` below): no closures per attempt.
    this.#inner = this.send(this.request).subscribe(this);
  }

  /** The answer: the limiter keeps the books of its headers, the caller gets it. */
  next(response: MiroHttpResponse): void {
    this.#reported = this.host.answered(response.status, response.rateLimit, this.weight) || this.#reported;
    this.subscriber.next(response);
  }

  error(error: unknown): void {
    this.#reported = this.host.failed(error, this.weight) || this.#reported;
    this.#finish();
    this.subscriber.error(error);
  }

  complete(): void {
    this.#finish();
    this.subscriber.complete();
  }

  /** The exchange ended (or was abandoned): its credits are no longer in flight, and Bottleneck's job ends. */
  #finish(): void {
    const resolve = this.#resolve;
    if (!resolve) return;
    this.#resolve = undefined;
    this.host.state.finished(this.weight);
    if (!this.#reported) this.host.probeEnded();
    this.host.finished(this.weight, this.#reported);
    resolve();
  }

  #endExchange(): void {
    this.#inner?.unsubscribe();
    this.#finish();
  }

  /**
   * Bottleneck rejected the job. A dropped job's subscriber already left; a closed limiter drops
   * what it still holds; any other rejection is the store failing to queue it (Redis down): the
   * call fails now instead of waiting for ever.
   */
  #notQueued(error: unknown): void {
    const { host } = this;
    if (this.granted) return;
    // Cancelled while its submission hung (Redis down): no grant will come, so it leaves the queue.
    host.leftQueue(this);
    if (this.cancelled) return host.state.emit();
    this.cancelled = true;
    this.#stopWaiting();
    host.state.emit();
    const why = `rate limiter store unavailable: ${(error as Error)?.message ?? String(error)}`;
    this.subscriber.error(host.closed ? creditRefusals.limiterClosed(this.request) : creditRefusals.storeUnavailable(this.request, why));
  }

  /** Granted, failed or gone: neither its signal nor its deadline concerns the queue any more. */
  #stopWaiting(): void {
    if (this.#listens) this.request.signal.removeEventListener('abort', this.#onAbort);
    if (this.#deadline) clearTimeout(this.#deadline);
    this.#deadline = undefined;
  }
}
