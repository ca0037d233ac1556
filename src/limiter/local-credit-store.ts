import Bottleneck from 'bottleneck/light.js';
import type { CreditStore, CreditStoreConfig } from './credit-store.js';
import {
  UNKNOWN_WINDOW,
  windowAfterRateLimited,
  windowAfterReport,
  windowAfterRoll,
  type CreditReport,
  type CreditWindow,
  type WindowDecision,
} from './credit-window.js';
import { dropQueuedJob } from './drop-queued-job.js';
import { withoutTimerYields } from './without-timer-yields.js';

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
  #limit: number;

  constructor(private readonly config: CreditStoreConfig) {
    this.#limit = config.budget;
    // Closed until the first answer says how much of the current window is left.
    this.limiter = new Bottleneck({ reservoir: 0, maxConcurrent: config.maxConcurrent });
    withoutTimerYields(this.limiter);
  }

  get window(): CreditWindow {
    return this.#window;
  }

  get creditsLeft(): number {
    return this.#reservoir;
  }

  async report(report: CreditReport, reporterWeight: number): Promise<void> {
    this.#limit = report.limit;
    this.#apply(windowAfterReport(this.#window, report, this.config.budget), reporterWeight);
  }

  async rateLimited(resetAt: number, reporterWeight: number): Promise<void> {
    this.#apply(windowAfterRateLimited(this.#window, resetAt), reporterWeight);
  }

  async roll(dueAt: number): Promise<void> {
    const budget = Math.min(this.config.budget, this.#limit);
    this.#apply(windowAfterRoll(this.#window, dueAt, budget, this.config.windowMs), 0);
  }

  async probe(weight: number): Promise<void> {
    if (this.#window.confirmedResetAt === 0 && this.#window.estimatedResetAt === undefined) this.#setAvailable(weight, 0);
  }

  chargeNow(weight: number): boolean {
    const known = this.#window.confirmedResetAt !== 0 || this.#window.estimatedResetAt !== undefined;
    if (!known || this.#reservoir < weight || this.#inFlight + weight > this.config.maxConcurrent) return false;
    // Bottleneck's reservoir pays now (a queued job submitted later sees it); the mirror pays in `started`.
    void this.limiter.incrementReservoir(-weight);
    return true;
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
    const target = available - (this.#inFlight - reporterWeight);
    const delta = target - this.#reservoir;
    this.#reservoir = target;
    if (delta !== 0) void this.limiter.incrementReservoir(delta);
  }
}
