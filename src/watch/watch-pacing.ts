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
 * - the last read's cost must fit in the share over any sliding window, beside earlier reads;
 * - the read may take at most `share` of the credits left in the limiter's current window,
 *   otherwise it waits for the next window, so that the user's own calls keep the rest.
 * A read bigger than the whole share (a huge board) is paced by the rate floor alone.
 */
export class WatchPacing {
  readonly #settings: WatchSettings;
  readonly #budget: () => BudgetView;
  readonly #reads: ReadRecord[] = [];

  constructor(settings: WatchSettings, budget: () => BudgetView) {
    this.#settings = settings;
    this.#budget = budget;
  }

  /** Records a read that started at `startedAt` and spent `credits`. */
  record(startedAt: number, credits: number): void {
    this.#reads.push({ startedAt, credits });
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
    return Math.max(0, Math.ceil(at - now));
  }

  /** Earliest time at which the reads of the last window plus one more of `cost` fit the share. */
  #slidingFloor(cost: number, share: number, windowMs: number): number {
    let spent = this.#reads.reduce((sum, read) => sum + read.credits, 0);
    for (const read of this.#reads) {
      if (spent + cost <= share) return read.startedAt; // already fits: no floor from this rule
      spent -= read.credits;
      if (spent + cost <= share) return read.startedAt + windowMs;
    }
    return 0;
  }

  #forget(before: number): void {
    while (this.#reads.length > 1 && this.#reads[0]!.startedAt <= before) this.#reads.shift();
  }
}
