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
import { dropQueuedJob } from './drop-queued-job.js';
import { withoutTimerYields } from './without-timer-yields.js';
import { withBackfill } from './backfill.js';
import { moveReservoir } from './bottleneck-reservoir.js';

/**
 * The budget of one process. Keeps a synchronous mirror of Bottleneck's reservoir so that each
 * resync is a signed delta (never read-then-set, which would race with grants); a delta composes
 * with grants that Bottleneck makes in between, so the mirror and the reservoir stay equal.
 * No `reservoirRefreshInterval` (late and drifting) and no `updateSettings()` (stops refreshes,
 * upstream #185): the limiter's own timer, aligned to the server's reset, calls `roll`.
 */
export class LocalCreditStore implements CreditStore {
  readonly limiter: Bottleneck;
  #window: CreditWindow = UNKNOWN_WINDOW;
  #reservoir = 0;
  #inFlight = 0;
  /** The server's last `X-RateLimit-Limit`; undefined until an answer carried one. */
  #limit: number | undefined;

  constructor(private readonly config: CreditStoreConfig) {
    // Closed until the first answer says how much of the current window is left.
    this.limiter = new Bottleneck({ reservoir: 0, maxConcurrent: config.maxConcurrent });
    withoutTimerYields(this.limiter);
    withBackfill(this.limiter, () => this.#reservoir);
  }

  get window(): CreditWindow {
    return this.#window;
  }

  /** Credits per window this store plans for now (see `windowBudget`). */
  get budget(): number {
    return windowBudget(this.config.budget, this.#limit, this.config.followServer === true);
  }

  get creditsLeft(): number {
    return this.#reservoir;
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

  async roll(dueAt: number): Promise<void> {
    this.#apply(windowAfterRoll(this.#window, dueAt, this.budget, this.config.windowMs), 0);
  }

  async probe(weight: number): Promise<void> {
    if (this.#window.confirmedResetAt === 0 && this.#window.estimatedResetAt === undefined) this.#setAvailable(weight, 0);
  }

  started(weight: number): void {
    this.#reservoir -= weight;
    this.#inFlight += weight;
  }

  finished(weight: number): void {
    this.#inFlight -= weight;
  }

  /** The mirror never counted a granted job that did not start, so only Bottleneck gets it back. */
  async refund(weight: number): Promise<void> {
    await this.limiter.incrementReservoir(weight);
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
    this.#adjust(available - (this.#inFlight - reporterWeight) - this.#reservoir);
  }

  /** Moves the mirror and Bottleneck's reservoir by the same signed delta. */
  #adjust(delta: number): void {
    if (delta === 0) return;
    this.#reservoir += delta;
    moveReservoir(this.limiter, delta);
  }
}
