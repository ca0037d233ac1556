import type { RateLimitState } from '../../../src/index.js';

/**
 * Credits by the window they were spent in, from a limiter's successive states: what was spent
 * since the last state goes to the window the limiter was in (`windowResetsAt`, its end). A
 * window's total never exceeds the budget the limiter kept to, whereas a rate over elapsed time
 * (two windows' credits in a little over one window) reads above it. Credits charged before any
 * response named a window go to the first window named.
 */
export class WindowCredits {
  /** Window end (epoch ms) to credits spent in it, oldest first. */
  readonly byWindow = new Map<number, number>();
  budget: number | undefined;
  #seen: number | undefined;
  #unplaced = 0;

  /** Takes a limiter state; returns what it placed, if anything. */
  observe(state: Pick<RateLimitState, 'creditsSpent' | 'windowResetsAt' | 'budget'>): { windowEnd: number; credits: number } | undefined {
    this.budget = state.budget;
    this.#unplaced += state.creditsSpent - (this.#seen ?? state.creditsSpent);
    this.#seen = state.creditsSpent;
    if (this.#unplaced <= 0 || state.windowResetsAt === undefined) return undefined;
    const placed = { windowEnd: state.windowResetsAt, credits: this.#unplaced };
    this.#unplaced = 0;
    this.byWindow.set(placed.windowEnd, (this.byWindow.get(placed.windowEnd) ?? 0) + placed.credits);
    return placed;
  }

  /** The last window over by `now`, else the current one (`complete` says which), or undefined before any credit. */
  shown(now: number): { credits: number; complete: boolean } | undefined {
    let last: number | undefined;
    let current: number | undefined;
    for (const end of this.byWindow.keys()) {
      if (end <= now) last = Math.max(last ?? end, end);
      else current = Math.min(current ?? end, end);
    }
    if (last !== undefined) return { credits: this.byWindow.get(last)!, complete: true };
    return current === undefined ? undefined : { credits: this.byWindow.get(current)!, complete: false };
  }
}
