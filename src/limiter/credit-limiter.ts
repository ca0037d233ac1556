import { Observable, type Subject } from 'rxjs';
import type { MiroHandler, MiroHttpResponse, MiroRequest } from '../http/miro-request.js';
import { MiroRateLimitError } from '../errors/miro-errors.js';
import { creditRefusals } from '../errors/error-factory.js';
import type { RateLimitHeaders } from '../http/call-options.js';
import type { CreditStore } from './credit-store.js';
import { windowEndsAt } from './credit-window.js';
import type { MiroCreditBudgetError } from '../errors/credit-errors.js';
import type { RateLimitState } from './rate-limit-state.js';
import type { QueuedCall } from './queued-call.js';
import { CreditCall, type CallHost } from './credit-call.js';
import { LimiterStateStream } from './limiter-state-stream.js';
import { WindowTimer } from './window-timer.js';
import { WindowProbe } from './window-probe.js';
import { StallCheck, failStalled } from './stall-check.js';
import { failFarWaiters, waitTooLong, type WaitContext } from './bounded-wait.js';
import { changeFromAnswer, changeFromFailure, chargedNothing, type AnswerContext } from './server-answers.js';

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
  /** Also tells every snapshot here (the budget's watchers, who may outlive this limiter). */
  stateSink?: () => Subject<RateLimitState> | undefined;
}

/**
 * Charges each attempt its credits before it leaves, through Bottleneck (weight = credits).
 * Starts closed and lets one request through alone until an answer tells how much of the
 * server's window is left (window-probe.ts); resyncs from every answer's `X-RateLimit-*` headers
 * (server-answers.ts); opens the next window at the server's reset (window-timer.ts); after a
 * 429 sends nothing until the reset; bounds every wait (bounded-wait.ts, stall-check.ts).
 * Each call's own passage is a `CreditCall`; this class holds what the calls of a budget share.
 */
export class CreditLimiter implements CallHost {
  readonly store: CreditStore;
  readonly state: LimiterStateStream;
  closed = false;
  readonly expirationMs?: (request: MiroRequest) => number | undefined;
  readonly #config: CreditLimiterConfig;
  readonly #maxWaitMs: number;
  readonly #timer: WindowTimer;
  readonly #probe: WindowProbe;
  readonly #stallCheck: StallCheck;
  readonly #waits: WaitContext;
  readonly #answers: AnswerContext;
  /**
   * The calls waiting for credits, so that the limiter can fail them (too long a wait, a stalled
   * store, close), including those Bottleneck is still receiving; Bottleneck's queue alone orders
   * and grants them. A set: a call leaves in O(1). With their credits, and the shortest
   * `maxWaitMs` among them since the queue was last empty: while the window ends sooner than
   * that, no call can be waiting too long, so a grant need not look at them.
   */
  readonly #queued = { calls: new Set<QueuedCall>(), credits: 0, shortestMaxWaitMs: Number.POSITIVE_INFINITY };

  /**
   * Credits of attempts answered after the end of the window they were granted in, with no
   * headers saying which window the server charged: it may have counted them in the next one
   * (they reached it late), so that window's roll holds them back.
   */
  #late = { endsAt: 0, credits: 0 };

  /** Snapshots after every change; see `RateLimitState`. */
  readonly state$: Observable<RateLimitState>;
  /** When this limiter last queued, granted or finished a request (idle release, shared-credit-limiters.ts). */
  lastActiveAt = Date.now();

  constructor(config: CreditLimiterConfig) {
    this.#config = config;
    this.store = config.store;
    this.expirationMs = config.expirationMs;
    this.#maxWaitMs = config.maxWaitMs ?? 2 * config.windowMs;
    this.#waits = { store: this.store, budget: config.budget, resetMarginMs: config.resetMarginMs };
    this.#answers = { store: this.store, budget: config.budget, windowMs: config.windowMs, maxWaitMs: this.#maxWaitMs };
    this.state = new LimiterStateStream(() => this.#view(), config.stateSink);
    this.store.countInFlight?.(() => this.state.counts.inFlightCredits);
    this.state$ = this.state.state$;
    this.#timer = new WindowTimer(
      config.resetMarginMs,
      () => windowEndsAt(this.store.window),
      (dueAt) => this.#afterStore(this.store.roll(dueAt, this.#late.endsAt === dueAt ? this.#late.credits : 0)),
    );
    this.#probe = new WindowProbe(
      this.store,
      () => this.#first(),
      (change) => this.#afterStore(change),
    );
    this.#stallCheck = new StallCheck(() => this.#failStalled());
  }

  /** The credit step of the pipeline: a cold Observable that waits for credits, then sends. */
  run$(request: MiroRequest, send: MiroHandler, maxWaitMs = this.#maxWaitMs): Observable<MiroHttpResponse> {
    return new Observable<MiroHttpResponse>((subscriber) => {
      this.lastActiveAt = Date.now();
      if (!(request.creditCost > 0)) return send(request).subscribe(subscriber);
      const overBudget = this.#overBudget(request);
      if (overBudget) return subscriber.error(overBudget);
      const credit = new CreditCall(this, request, maxWaitMs, send, subscriber);
      if (request.signal.aborted) return credit.abortedBefore();
      const tooLong = waitTooLong(this.#waits, request, maxWaitMs);
      if (tooLong) return subscriber.error(tooLong);
      const teardown = credit.enqueue();
      this.#probe.ensure(request.creditCost);
      return teardown;
    });
  }

  /** Nothing queued or in flight (so no probe either): a limiter made afresh would re-learn the window from the next answer. */
  get idle(): boolean {
    return this.#queued.calls.size === 0 && this.state.counts.inFlight === 0;
  }

  /**
   * Stops the window timer and the store (tests, shutdown). Calls still waiting for credits fail
   * (`ERR_LIMITER_CLOSED`, nothing sent) rather than wait for a limiter that will never grant them.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.#timer.close();
    this.#stallCheck.close();
    this.#probe.close();
    for (const call of this.#waiting()) call.fail(creditRefusals.limiterClosed(call.request));
    await this.store.close();
    this.state.complete();
  }

  // ---- CallHost: what each call tells its limiter ----------------------------------------------

  enqueued(call: QueuedCall): void {
    const queued = this.#queued;
    queued.calls.add(call);
    queued.credits += call.weight;
    queued.shortestMaxWaitMs = Math.min(queued.shortestMaxWaitMs, call.maxWaitMs);
    if (queued.calls.size === 1) this.#queueChanged();
    this.state.emit();
  }

  leftQueue(call: QueuedCall): void {
    const queued = this.#queued;
    if (!queued.calls.delete(call)) return;
    queued.credits -= call.weight;
    if (queued.calls.size > 0) return;
    queued.shortestMaxWaitMs = Number.POSITIVE_INFINITY;
    this.#queueChanged();
  }

  granted(call: QueuedCall): void {
    call.granted = true;
    this.leftQueue(call);
    if (!call.cancelled) this.state.counts.waitedMs += Date.now() - call.queuedAt;
    if (this.#mayWaitTooLong()) this.#failFarWaiters();
  }

  dropCancelled(call: QueuedCall): void {
    void this.#dropCancelled(call);
  }

  probeEnded(): void {
    this.#probe.ended();
  }

  answered(status: number, rateLimit: RateLimitHeaders | undefined, weight: number): boolean {
    if (chargedNothing(status, rateLimit)) {
      this.state.counts.creditsSpent -= weight;
      void this.store.refund(weight).catch(() => undefined);
      return false;
    }
    return this.#changed(changeFromAnswer(this.#answers, rateLimit, weight));
  }

  failed(error: unknown, weight: number): boolean {
    if (error instanceof MiroRateLimitError) this.state.counts.rateLimited += 1;
    return this.#changed(changeFromFailure(this.#answers, error, weight));
  }

  finished(weight: number, reported: boolean): void {
    this.lastActiveAt = Date.now();
    if (!reported) this.#countLate(weight);
    this.state.emit();
  }

  // ---- shared by every call ------------------------------------------------------------------

  /** A call that costs more than can ever be granted at once would wait for ever (and hold up every call behind it). */
  #overBudget(request: MiroRequest): MiroCreditBudgetError | undefined {
    const ceiling = Math.min(this.#config.budget, this.#config.maxConcurrent);
    return request.creditCost > ceiling ? creditRefusals.overBudget(request, request.creditCost, ceiling) : undefined;
  }

  async #dropCancelled(call: QueuedCall): Promise<void> {
    // A store that cannot be reached (Redis down) must not turn a cancellation into an
    // unhandled rejection: the call is cancelled either way, and a late grant refunds itself.
    const dropped = await this.store.dropQueued(call.id).catch(() => true);
    if (!dropped) return; // granted meanwhile: the call refunds it
    this.leftQueue(call);
    // The queue's head changed: a probe sized for the dropped call must be sized again, and a
    // smaller call behind a dropped heavy one may fit now.
    if (this.#probe.probing) this.#probe.ended();
    else await this.store.refund(0).catch(() => undefined);
    this.state.emit();
  }

  #changed(change: Promise<void> | undefined): boolean {
    if (!change) return false;
    this.#afterStore(change);
    return true;
  }

  /** After every store change: the probe, the window timer and the bounded waits follow the window. */
  #afterStore(change: Promise<void>): void {
    change.then(
      () => {
        this.#probe.settle();
        this.#timer.schedule();
        this.#failFarWaiters();
        this.state.emit();
      },
      () => this.#probe.failed(), // a store that failed (Redis down) must not wedge the queue
    );
  }

  /** The timers that only matter while calls wait: they start with the first and stop with the last. */
  #queueChanged(): void {
    const queued = this.#queued.calls.size > 0;
    this.#timer.hold(queued);
    this.#stallCheck.watch(queued);
  }

  /** A copy of the calls still waiting, in the order they came (one priority: Bottleneck's order), safe to fail while iterating. */
  #waiting(): QueuedCall[] {
    return [...this.#queued.calls].filter((call) => !call.granted && !call.cancelled);
  }

  #first(): QueuedCall | undefined {
    for (const call of this.#queued.calls) if (!call.cancelled && !call.granted) return call;
    return undefined;
  }

  /** Whether the window ends later than some queued call would wait for it (O(1): no walk). */
  #mayWaitTooLong(): boolean {
    const endsAt = windowEndsAt(this.store.window);
    if (endsAt === undefined || this.#queued.calls.size === 0) return false;
    return endsAt + this.#config.resetMarginMs - Date.now() > this.#queued.shortestMaxWaitMs;
  }

  #failFarWaiters(): void {
    if (this.#queued.calls.size > 0) failFarWaiters(this.#waits, this.#waiting());
  }

  #countLate(weight: number): void {
    const endsAt = windowEndsAt(this.store.window);
    if (endsAt === undefined || this.lastActiveAt < endsAt) return;
    this.#late = { endsAt, credits: (this.#late.endsAt === endsAt ? this.#late.credits : 0) + weight };
  }

  #failStalled(): void {
    // An overdue roll means the process ran late (its timers wait behind a busy event loop), not that the store went silent.
    if (this.state.counts.inFlight > 0 || this.#timer.overdue()) return;
    failStalled(this.#waiting(), windowEndsAt(this.store.window));
  }

  #view() {
    const store = this.store;
    return {
      budget: store.budget ?? this.#config.budget,
      creditsLeft: Math.max(0, store.creditsLeft),
      windowResetsAt: windowEndsAt(store.window),
      queued: this.#queued.calls.size,
      queuedCredits: this.#queued.credits,
    };
  }
}
