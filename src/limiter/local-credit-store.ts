import Bottleneck from 'bottleneck/light.js';
import type { CreditStore, CreditStoreConfig } from './credit-store.js';
import {
  UNKNOWN_WINDOW,
  windowAfterRateLimited,
  windowAfterReport,
  windowAfterRoll,
  windowBudget,
  type CreditReport,
  type CreditWindow,
  type WindowDecision,
} from './credit-window.js';
import { controlQueue, dropQueuedJob, moveReservoir, reservoirOf, runningOf } from './bottleneck-queue-control.js';

/**
 * The budget of one process: Bottleneck's reservoir is the credits left (no copy is kept), and
 * the limiter's count the credits in flight (`countInFlight`). Each resync moves the reservoir by a signed delta, read
 * and written in one synchronous step, so it composes with the grants Bottleneck makes around it.
 * No `reservoirRefreshInterval` (late and drifting) and no `updateSettings()` (stops refreshes,
 * upstream #185): the limiter's own timer, aligned to the server's reset, calls `roll`.
 */
export class LocalCreditStore implements CreditStore {
  readonly limiter: Bottleneck;
  #window: CreditWindow = UNKNOWN_WINDOW;
  /** Credits in flight: the limiter's count once it is attached, Bottleneck's running weight before. */
  #inFlight = () => runningOf(this.limiter);
  /** The server's last `X-RateLimit-Limit`; undefined until an answer carried one. */
  #limit: number | undefined;

  constructor(private readonly config: CreditStoreConfig) {
    // Closed until the first answer says how much of the current window is left.
    this.limiter = new Bottleneck({ reservoir: 0, maxConcurrent: config.maxConcurrent });
    controlQueue(this.limiter, () => reservoirOf(this.limiter), true);
  }

  get window(): CreditWindow {
    return this.#window;
  }

  /** Credits per window this store plans for now (see `windowBudget`). */
  get budget(): number {
    return windowBudget(this.config.budget, this.#limit, this.config.followServer === true);
  }

  get creditsLeft(): number {
    return reservoirOf(this.limiter);
  }

  async report(report: CreditReport, reporterWeight: number): Promise<void> {
    this.#limit = report.limit;
    const decision = windowAfterReport(this.#window, report, this.budget);
    this.#apply(decision, reporterWeight);
    // Answers overtake each other, and a window's last calls are answered after the roll: the
    // reporter of a stale answer was held back as in flight although the server had already
    // counted it. Kept, that hold would leave a call's worth unspent until the window ends.
    if (decision.stale) this.#adjust(reporterWeight);
  }

  async rateLimited(resetAt: number, reporterWeight: number): Promise<void> {
    this.#apply(windowAfterRateLimited(this.#window, resetAt), reporterWeight);
  }

  async roll(dueAt: number, lateCredits: number): Promise<void> {
    // Late credits are held back as if still in flight: a reporter of negative weight.
    this.#apply(windowAfterRoll(this.#window, dueAt, this.budget, this.config.windowMs), -lateCredits);
  }

  async probe(weight: number): Promise<void> {
    if (this.#window.confirmedResetAt === 0 && this.#window.estimatedResetAt === undefined) this.#setAvailable(weight, 0);
  }

  countInFlight(credits: () => number): void {
    this.#inFlight = credits;
  }

  async refund(weight: number): Promise<void> {
    moveReservoir(this.limiter, weight);
  }

  dropQueued(jobId: string): Promise<boolean> {
    return dropQueuedJob(this.limiter, jobId);
  }

  async close(): Promise<void> {
    await this.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
  }

  #apply(decision: WindowDecision, reporterWeight: number): void {
    this.#window = decision.window;
    if (decision.available !== undefined) this.#setAvailable(decision.available, reporterWeight);
  }

  /** Credits left in the server window, minus what this process has in flight besides the reporter. */
  #setAvailable(available: number, reporterWeight: number): void {
    this.#adjust(available - (this.#inFlight() - reporterWeight) - reservoirOf(this.limiter));
  }

  #adjust(delta: number): void {
    if (delta !== 0) moveReservoir(this.limiter, delta);
  }
}
