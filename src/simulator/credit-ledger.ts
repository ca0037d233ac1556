/** Credits a user has in the current window, as Miro reports them in `X-RateLimit-*`. */
export interface CreditWindow {
  limit: number;
  remaining: number;
  /** UNIX epoch seconds when the window ends. */
  resetSeconds: number;
}

/**
 * Miro's credit budget: per user (not per token), fixed windows aligned to epoch multiples of
 * `windowMs`. Nothing is spent until `spend` is called, so a refused request costs nothing.
 */
export class CreditLedger {
  readonly #spent = new Map<string, { windowStart: number; spent: number }>();

  constructor(
    readonly budget: number,
    readonly windowMs: number,
    private readonly now: () => number,
  ) {
    if (!(budget > 0) || !Number.isFinite(budget)) throw new RangeError(`rateLimit.budget must be a positive number, got ${budget}`);
    if (!(windowMs > 0) || !Number.isFinite(windowMs)) throw new RangeError(`rateLimit.windowMs must be a positive number, got ${windowMs}`);
  }

  /** Credits spent by the user in the current window. */
  spent(userId: string): number {
    const windowStart = this.#windowStart();
    const entry = this.#spent.get(userId);
    return entry && entry.windowStart === windowStart ? entry.spent : 0;
  }

  /** True when `cost` credits are still available to the user in this window. */
  canSpend(userId: string, cost: number): boolean {
    return this.spent(userId) + cost <= this.budget;
  }

  spend(userId: string, cost: number): void {
    if (cost <= 0) return;
    const windowStart = this.#windowStart();
    const entry = this.#spent.get(userId);
    if (entry && entry.windowStart === windowStart) entry.spent += cost;
    else this.#spent.set(userId, { windowStart, spent: cost });
  }

  window(userId: string): CreditWindow {
    const windowStart = this.#windowStart();
    return {
      limit: this.budget,
      remaining: Math.max(0, this.budget - this.spent(userId)),
      resetSeconds: Math.ceil((windowStart + this.windowMs) / 1000),
    };
  }

  #windowStart(): number {
    const now = this.now();
    return now - (now % this.windowMs);
  }
}
