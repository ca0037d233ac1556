import type { WatchSettings } from './watch-board-options.js';

/** What the pacing needs to know of the credit budget, read fresh before every wait. */
export interface BudgetView {
  /** Credits per window. */
  readonly budget: number;
  readonly windowMs: number;
  /** Credits left in the current window, when the limiter knows. */
  readonly creditsLeft?: number;
  /** When the current window ends (epoch ms), when the limiter knows. */
  readonly windowResetsAt?: number;
}

interface ReadRecord {
  readonly startedAt: number;
  readonly credits: number;
}

/**
 * When the next read of a watch may start. Four floors, the latest wins:
 * - `intervalMs` after the last start;
 * - the rate the share allows: a read of C credits every C / (share × budget) windows;
 * - the last read's cost must fit in the share over any sliding window, beside the credits
 *   spent (page by page, when each page was charged) in the window before the start;
 * - the read may take at most `share` of the credits left in the limiter's current window,
 *   otherwise it waits for the next window, so that the user's own calls keep the rest.
 * A read bigger than the whole share (a huge board) is paced by the rate floor alone.
 */
export class WatchPacing {
  readonly #settings: WatchSettings;
  readonly #budget: () => BudgetView;
  readonly #reads: ReadRecord[] = [];
  /** Credits spent page by page, oldest first. */
  readonly #spends: { readonly at: number; readonly credits: number }[] = [];

  constructor(settings: WatchSettings, budget: () => BudgetView) {
    this.#settings = settings;
    this.#budget = budget;
  }

  /** Records a page (or failed attempt) charged `credits` at `at`. */
  spent(at: number, credits: number): void {
    this.#spends.push({ at, credits });
  }

  /** Records a read that started at `startedAt` and spent `credits` in all. */
  record(startedAt: number, credits: number): void {
    this.#reads.push({ startedAt, credits });
    if (this.#reads.length > 1) this.#reads.shift();
  }

  /** Milliseconds to wait from `now` before the next read. */
  delayMs(now: number): number {
    const last = this.#reads.at(-1);
    if (!last) return 0;
    const view = this.#budget();
    const share = this.#settings.maxBudgetShare * view.budget;
    const cost = last.credits;
    this.#forget(now - view.windowMs);
    let at = Math.max(last.startedAt + this.#settings.intervalMs, last.startedAt + (cost / share) * view.windowMs);
    if (cost <= share) {
      at = Math.max(at, this.#slidingFloor(cost, share, view.windowMs));
      const left = view.creditsLeft;
      if (left !== undefined && view.windowResetsAt !== undefined && view.windowResetsAt > now && cost > left * this.#settings.maxBudgetShare) {
        at = Math.max(at, view.windowResetsAt);
      }
    }
    // Sub-millisecond floors (a tiny read on a huge budget) are no reason to wait a tick.
    return Math.max(0, Math.ceil(at - now - 0.001));
  }

  /**
   * Earliest time from which every sliding window holds the credits already spent in it plus
   * one more read of `cost`, assuming the worst: that read charged all at once at its start.
   */
  #slidingFloor(cost: number, share: number, windowMs: number): number {
    let spent = this.#spends.reduce((sum, spend) => sum + spend.credits, 0);
    if (spent + cost <= share) return 0;
    for (const spend of this.#spends) {
      spent -= spend.credits;
      if (spent + cost <= share) return spend.at + windowMs;
    }
    return 0;
  }

  #forget(before: number): void {
    while (this.#spends.length > 0 && this.#spends[0]!.at <= before) this.#spends.shift();
  }
}
