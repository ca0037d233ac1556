/** One call of an export, charged at `at` (when its response arrived: the latest it was charged). */
interface Spend {
  readonly at: number;
  readonly credits: number;
}

/**
 * Keeps an export's calls within `share` credits over any window of `windowMs`. A call is
 * recorded at the time its response arrived, the latest Miro can have charged it, and the next
 * one starts only once every earlier charge it would share a window with leaves the sum within
 * the share. Two charges a whole window apart never meet in one of Miro's fixed windows, so the
 * share holds in those too. A single call costing more than the share is paced to its rate.
 */
export class ExportPacing {
  readonly #spends: Spend[] = [];

  constructor(
    private readonly share: () => number,
    private readonly windowMs: number,
  ) {}

  /** Records a call of `credits` whose response (or failure) arrived at `at`. */
  spent(at: number, credits: number): void {
    this.#spends.push({ at, credits });
  }

  /** Milliseconds from `now` before a call costing `credits` may start. */
  delayMs(now: number, credits: number): number {
    const share = this.share();
    while (this.#spends.length > 0 && this.#spends[0]!.at + this.windowMs < now) this.#spends.shift();
    const last = this.#spends.at(-1);
    if (!last) return 0;
    if (credits > share) return Math.max(0, Math.ceil(last.at + (credits / share) * this.windowMs - now));
    let inWindow = this.#spends.reduce((sum, spend) => sum + spend.credits, 0);
    for (const spend of this.#spends) {
      if (inWindow + credits <= share) break;
      inWindow -= spend.credits;
      // A millisecond past the window, so both charges cannot share one.
      if (inWindow + credits <= share) return Math.max(0, spend.at + this.windowMs + 1 - now);
    }
    return 0;
  }
}

/** The wait before the next poll: grows by half each time, up to `maxMs`. */
export function nextPollInterval(currentMs: number, maxMs: number): number {
  return Math.min(maxMs, Math.ceil(currentMs * 1.5));
}
