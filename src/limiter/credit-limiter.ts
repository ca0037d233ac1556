import { BehaviorSubject, defer, Observable, type Subscriber } from 'rxjs';
import { NOT_ABORTED, type MiroHandler, type MiroHttpResponse, type MiroRequest } from '../http/miro-request.js';
import { MiroApiError, MiroNetworkError, MiroRateLimitError, type MiroError } from '../http/errors.js';
import { MAX_TIMER_DELAY_MS } from '../http/rate-limit-headers.js';
import { requestContext } from '../http/error-from-response.js';
import type { RateLimitHeaders } from '../http/call-options.js';
import type { CreditStore } from './credit-store.js';
import { windowEndsAt } from './credit-window.js';
import { MiroCreditBudgetError } from './credit-budget-error.js';
import type { RateLimitState } from './rate-limit-state.js';
import { pauseEndsAt, saneReport } from './server-times.js';

/** Settings of one limiter (one budget). */
export interface CreditLimiterConfig {
  budget: number;
  windowMs: number;
  maxConcurrent: number;
  resetMarginMs: number;
  /** Default longest wait of a call for the window it needs (default two windows); a longer wait fails it with `MiroRateLimitError`. */
  maxWaitMs?: number;
  store: CreditStore;
  /** Bottleneck `expiration` for a job, so that a crashed process's credits in flight come back (cluster mode). */
  expirationMs?: (request: MiroRequest) => number | undefined;
}

interface QueuedRequest {
  readonly id: string;
  readonly weight: number;
  readonly queuedAt: number;
  readonly request?: MiroRequest;
  readonly maxWaitMs: number;
  granted: boolean;
  cancelled: boolean;
  /** Takes the job out of the queue and fails its call (the wait it faces is too long). */
  fail?: (error: MiroError) => void;
}

let jobCounter = 0;

/** How often queued calls are checked for a stalled store (see `#failStalled`). */
const STALL_CHECK_MS = 1_000;

/**
 * Charges each attempt its credits before it leaves, through Bottleneck (weight = credits).
 * Starts closed and lets one request through alone until an answer tells how much of the
 * server's window is left; resyncs from every answer's `X-RateLimit-*` headers; opens the next
 * window at the server's reset (its own timer, not Bottleneck's drifting refresh); after a 429
 * sends nothing until the reset.
 */
export class CreditLimiter {
  readonly #config: CreditLimiterConfig;
  readonly #maxWaitMs: number;
  readonly #store: CreditStore;
  readonly #state$: BehaviorSubject<RateLimitState>;
  /** Jobs not yet granted, in queue order (all have the same priority, so Bottleneck's order). */
  readonly #queue: QueuedRequest[] = [];
  #queuedCredits = 0;
  #stallTimer: ReturnType<typeof setInterval> | undefined;
  #probing = false;
  #rollTimer: ReturnType<typeof setTimeout> | undefined;
  #rollDueAt: number | undefined;
  #stats = { inFlight: 0, inFlightCredits: 0, sent: 0, creditsSpent: 0, rateLimited: 0, cancelled: 0, waitedMs: 0 };

  /** Snapshots after every change; see `RateLimitState`. */
  readonly state$: Observable<RateLimitState>;
  /** When this limiter last queued, granted or finished a request (idle release, shared-credit-limiters.ts). */
  lastActiveAt = Date.now();

  constructor(config: CreditLimiterConfig) {
    this.#config = config;
    this.#maxWaitMs = config.maxWaitMs ?? 2 * config.windowMs;
    this.#store = config.store;
    this.#state$ = new BehaviorSubject(this.#snapshot());
    // Snapshots are only built while someone watches; a new watcher gets a fresh one first.
    this.state$ = defer(() => {
      this.#emit(true);
      return this.#state$.asObservable();
    });
  }

  /** The credit step of the pipeline: a cold Observable that waits for credits, then sends. */
  run$(request: MiroRequest, send: MiroHandler, maxWaitMs = this.#maxWaitMs): Observable<MiroHttpResponse> {
    return new Observable<MiroHttpResponse>((subscriber) => {
      const weight = request.creditCost;
      this.lastActiveAt = Date.now();
      if (!(weight > 0)) return send(request).subscribe(subscriber);
      const ceiling = Math.min(this.#config.budget, this.#config.maxConcurrent);
      if (weight > ceiling) {
        subscriber.error(new MiroCreditBudgetError(requestContext(request), weight, ceiling));
        return undefined;
      }
      // Fast path: nothing queued and the credits are there, so charge them at once instead of
      // taking Bottleneck's queue (its async steps were a fifth of a loopback request's cost).
      // No job, no abort listener, no closures for a queue it never joins (the bounded wait
      // cannot apply: the credits are there).
      if (!request.signal.aborted && this.#queue.length === 0 && this.#store.chargeNow?.(weight)) {
        return this.#sendGranted(request, send, weight, subscriber, () => undefined);
      }
      const job: QueuedRequest = { id: `miro-rx-${++jobCounter}`, weight, request, maxWaitMs, queuedAt: Date.now(), granted: false, cancelled: false };
      let stop: (() => void) | undefined;
      // The shared "no signal" instance never fires: listening to it would only pile up listeners.
      const listens = request.signal !== NOT_ABORTED;

      const cancel = () => {
        if (job.granted || job.cancelled) return false;
        job.cancelled = true;
        this.#stats.cancelled += 1;
        void this.#dropCancelled(job);
        return true;
      };
      const onAbort = () => {
        if (cancel()) subscriber.error(new MiroNetworkError('request aborted before it was sent', requestContext(request), 'ERR_CANCELED', false));
      };
      job.fail = (error) => {
        if (listens) request.signal.removeEventListener('abort', onAbort);
        if (cancel()) subscriber.error(error);
      };

      const start = (resolve: () => void) => {
        if (listens) request.signal.removeEventListener('abort', onAbort);
        this.#granted(job);
        this.#failFarWaiters();
        if (job.cancelled) {
          // Pattern (a): granted before the drop could take it out; it was never sent, so its credits go back.
          void this.#store.refund(weight).then(() => this.#probeEnded());
          return resolve();
        }
        stop = this.#sendGranted(request, send, weight, subscriber, resolve);
      };
      const task = () => new Promise<void>(start);

      if (request.signal.aborted) return onAbort();
      const tooLong = this.#waitTooLong(request, weight, maxWaitMs);
      if (tooLong) return subscriber.error(tooLong);
      if (listens) request.signal.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(job);
      this.#queuedCredits += weight;
      this.#holdProcessWhileQueued();
      this.#emit();
      const expiration = this.#config.expirationMs?.(request);
      this.#store.limiter
        .schedule({ id: job.id, weight, ...(expiration ? { expiration } : {}) }, task)
        .catch((error: unknown) => {
          // A dropped job rejects; its subscriber already left. Any other rejection is the store
          // failing to queue it (Redis down): the call fails now instead of waiting for ever.
          if (job.granted || job.cancelled) return;
          job.cancelled = true;
          this.#unqueue(job);
          if (listens) request.signal.removeEventListener('abort', onAbort);
          this.#emit();
          subscriber.error(new MiroNetworkError(`rate limiter store unavailable: ${(error as Error)?.message ?? String(error)}`, requestContext(request), 'ERR_LIMITER_STORE', false));
        });
      this.#ensureProbe();
      return () => {
        if (listens) request.signal.removeEventListener('abort', onAbort);
        if (!cancel()) stop?.();
      };
    });
  }

  /**
   * Sends a request whose credits were granted: they are in flight until it ends, and its
   * answer resyncs the budget. `onFinished` frees its place in Bottleneck. Returns the teardown.
   */
  #sendGranted(request: MiroRequest, send: MiroHandler, weight: number, subscriber: Subscriber<MiroHttpResponse>, onFinished: () => void): () => void {
    this.#store.started(weight);
    this.#count(weight);
    let reported = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.#store.finished(weight);
      this.#stats.inFlight -= 1;
      this.#stats.inFlightCredits -= weight;
      this.lastActiveAt = Date.now();
      if (!reported) this.#probeEnded();
      this.#emit();
      onFinished();
    };
    const inner = send(request).subscribe({
      next: (response) => {
        reported = this.#observeAnswer(response.rateLimit, weight) || reported;
        subscriber.next(response);
      },
      error: (error: unknown) => {
        reported = this.#observeFailure(error, weight) || reported;
        finish();
        subscriber.error(error);
      },
      complete: () => {
        finish();
        subscriber.complete();
      },
    });
    return () => {
      inner.unsubscribe();
      finish();
    };
  }

  /** Nothing queued or in flight (so no probe either): a limiter made afresh would re-learn the window from the next answer. */
  get idle(): boolean {
    return this.#queue.length === 0 && this.#stats.inFlight === 0;
  }

  /** Stops the window timer and the store (tests, shutdown). Queued requests never start. */
  async close(): Promise<void> {
    if (this.#rollTimer) clearTimeout(this.#rollTimer);
    if (this.#stallTimer) clearInterval(this.#stallTimer);
    this.#stallTimer = undefined;
    await this.#store.close();
    this.#state$.complete();
  }

  #granted(job: QueuedRequest): void {
    job.granted = true;
    this.#unqueue(job);
    if (!job.cancelled) this.#stats.waitedMs += Date.now() - job.queuedAt;
  }

  #unqueue(job: QueuedRequest): void {
    const index = this.#queue.indexOf(job);
    if (index < 0) return;
    this.#queue.splice(index, 1);
    this.#queuedCredits -= job.weight;
    this.#holdProcessWhileQueued();
  }

  /**
   * In Node, the window timer keeps the process alive exactly while requests wait for it. Left
   * unref'd with requests queued, a script whose every request waits for the next window would
   * exit mid-run with nothing said; ref'd when idle, it would keep a finished script running.
   */
  #holdProcessWhileQueued(): void {
    const timer = this.#rollTimer as { ref?: () => void; unref?: () => void } | undefined;
    if (this.#queue.length > 0) timer?.ref?.();
    else timer?.unref?.();
    this.#watchForStall();
  }

  /** A stall check runs once a second while calls are queued, and not at all otherwise. */
  #watchForStall(): void {
    if (this.#queue.length === 0) {
      if (this.#stallTimer) clearInterval(this.#stallTimer);
      this.#stallTimer = undefined;
    } else if (!this.#stallTimer) {
      this.#stallTimer = setInterval(() => this.#failStalled(), STALL_CHECK_MS);
      (this.#stallTimer as { unref?: () => void }).unref?.();
    }
  }

  /**
   * A call queued past its `maxWaitMs`, with nothing in flight and no window ahead that explains
   * the wait (the last one ended over `maxWaitMs` ago, or none was learnt), waits on a store that
   * stopped answering: Redis went away after it was queued. It fails, nothing sent, instead of
   * waiting for ever; a limiter that is merely busy always has a window ahead or calls in flight.
   */
  #failStalled(): void {
    if (this.#stats.inFlight > 0) return;
    const now = Date.now();
    const endsAt = windowEndsAt(this.#store.window);
    for (const job of [...this.#queue]) {
      if (job.granted || job.cancelled || !job.request || now - job.queuedAt <= job.maxWaitMs) continue;
      if (endsAt !== undefined && endsAt + job.maxWaitMs > now) continue;
      const why = `no credits granted in ${now - job.queuedAt} ms and no window ahead: the rate limiter's store is not answering (Redis down?); nothing was sent`;
      job.fail?.(new MiroNetworkError(why, requestContext(job.request), 'ERR_LIMITER_STORE', false));
    }
  }

  #count(weight: number): void {
    this.#stats.inFlight += 1;
    this.#stats.inFlightCredits += weight;
    this.#stats.sent += 1;
    this.#stats.creditsSpent += weight;
    this.#emit();
  }

  async #dropCancelled(job: QueuedRequest): Promise<void> {
    // A store that cannot be reached (Redis down) must not turn a cancellation into an
    // unhandled rejection: the job is cancelled either way, and a late grant refunds itself.
    const dropped = await this.#store.dropQueued(job.id).catch(() => true);
    if (!dropped) return; // granted meanwhile: the task refunds it
    this.#unqueue(job);
    // The queue's head changed: a probe sized for the dropped job must be sized again, and a
    // smaller job behind a dropped heavy one may fit now.
    if (this.#probing) this.#probeEnded();
    else await this.#store.refund(0).catch(() => undefined);
    this.#emit();
  }

  /** Answers with headers resync the budget; answers without them (not Miro) start local windows. */
  #observeAnswer(rateLimit: RateLimitHeaders | undefined, weight: number): boolean {
    const sane = rateLimit && saneReport(rateLimit, Date.now(), this.#config.windowMs, this.#maxWaitMs);
    const report = sane ?? this.#localReport(weight);
    if (!report) return false;
    this.#afterStore(this.#store.report(report, weight));
    return true;
  }

  #observeFailure(error: unknown, weight: number): boolean {
    if (error instanceof MiroRateLimitError) {
      this.#stats.rateLimited += 1;
      const resetAt = pauseEndsAt(error, Date.now(), this.#config.windowMs);
      this.#afterStore(this.#store.rateLimited(resetAt, weight));
      return true;
    }
    if (error instanceof MiroApiError) return this.#observeAnswer(error.rateLimit, weight);
    return false;
  }

  /** A server that sends no rate-limit headers: plan local windows from the configured budget. */
  #localReport(weight: number) {
    if (windowEndsAt(this.#store.window) !== undefined) return undefined;
    return { remaining: this.#config.budget - weight, resetAt: Date.now() + this.#config.windowMs, limit: this.#config.budget };
  }

  #ensureProbe(): void {
    if (this.#probing || windowEndsAt(this.#store.window) !== undefined) return;
    const head = this.#queue.find((job) => !job.cancelled);
    if (!head) return;
    this.#probing = true;
    this.#afterStore(this.#store.probe(head.weight));
  }

  /** The probe ended without telling anything (network error, cancel): let the next one try. */
  #probeEnded(): void {
    if (windowEndsAt(this.#store.window) !== undefined) return;
    this.#probing = false;
    this.#ensureProbe();
  }

  #afterStore(change: Promise<void>): void {
    change.then(
      () => {
        if (windowEndsAt(this.#store.window) !== undefined) this.#probing = false;
        else this.#ensureProbe(); // the shared window was lost (Redis key evicted): learn it again
        this.#scheduleRoll();
        this.#failFarWaiters();
        this.#emit();
      },
      () => this.#probeEnded(), // a store that failed (Redis down) must not wedge the queue
    );
  }

  /** One timer, at the end of the window the store knows of (plus a margin for clock skew). */
  #scheduleRoll(): void {
    const dueAt = windowEndsAt(this.#store.window);
    if (dueAt === undefined || dueAt === this.#rollDueAt) return;
    if (this.#rollTimer) clearTimeout(this.#rollTimer);
    this.#rollDueAt = dueAt;
    const delay = Math.max(0, dueAt + this.#config.resetMarginMs - Date.now());
    // Past 2^31-1 ms Node fires at once (and warns): wake up at the longest delay and look again.
    const timer = setTimeout(() => {
      this.#rollDueAt = undefined;
      if (delay > MAX_TIMER_DELAY_MS) return this.#scheduleRoll();
      this.#afterStore(this.#store.roll(dueAt));
    }, Math.min(delay, MAX_TIMER_DELAY_MS));
    this.#rollTimer = timer;
    this.#holdProcessWhileQueued();
  }

  /**
   * The bounded-wait policy: a call that does not fit in what is left of the window, when that
   * window ends more than `maxWaitMs` from now (a 429 with a long `Retry-After`), fails at once
   * with a `MiroRateLimitError` whose `resetAt` says when to come back.
   */
  #waitTooLong(request: MiroRequest, weight: number, maxWaitMs: number): MiroRateLimitError | undefined {
    const endsAt = windowEndsAt(this.#store.window);
    if (endsAt === undefined || this.#store.creditsLeft >= weight) return undefined;
    const waitMs = endsAt + this.#config.resetMarginMs - Date.now();
    if (waitMs <= maxWaitMs) return undefined;
    return new MiroRateLimitError(`credits come back in ${Math.round(waitMs)} ms, more than the longest wait allowed (${maxWaitMs} ms)`, {
      status: 429,
      request: requestContext(request),
      code: 'rateLimitWaitTooLong',
      rateLimit: { limit: this.#config.budget, remaining: Math.max(0, this.#store.creditsLeft), resetAt: endsAt },
      retryAfterMs: waitMs,
    });
  }

  /** Applies the bounded-wait policy to calls already queued, after the window changed. */
  #failFarWaiters(): void {
    for (const job of [...this.#queue]) {
      if (job.granted || job.cancelled || !job.request) continue;
      const error = this.#waitTooLong(job.request, job.weight, job.maxWaitMs);
      if (error) job.fail?.(error);
    }
  }

  #snapshot(): RateLimitState {
    const store = this.#store;
    return {
      budget: store.budget ?? this.#config.budget,
      creditsLeft: Math.max(0, store.creditsLeft),
      windowResetsAt: windowEndsAt(store.window),
      queued: this.#queue.length,
      queuedCredits: this.#queuedCredits,
      ...this.#stats,
    };
  }

  #emit(always = false): void {
    if (!this.#state$.closed && (always || this.#state$.observed)) this.#state$.next(this.#snapshot());
  }
}
