/**
 * What the client knows of the server's fixed credit window, and how each event changes it.
 * Pure functions: the local limiter runs them in memory, the Redis one mirrors them in Lua
 * (src/limiter/redis/redis-credit-script.ts), so both follow the same rules.
 */
export interface CreditWindow {
  /** The last reset time the server confirmed (epoch ms); 0 until the first answer. */
  readonly confirmedResetAt: number;
  /** Set when the local timer moved past `confirmedResetAt` before any answer of the new window. */
  readonly estimatedResetAt?: number;
  /** Lowest `remaining` seen in the current window: a higher one is a stale answer. */
  readonly minRemaining: number;
}

/** Rate-limit headers of one answer, in the units the limiter uses. */
export interface CreditReport {
  /** Credits left in the window, as the server saw it when it handled the request. */
  readonly remaining: number;
  /** When the window resets, epoch ms. */
  readonly resetAt: number;
  /** The server's limit per window. */
  readonly limit: number;
}

/** The window after an event, and the credits left in the server's window when that changed. */
export interface WindowDecision {
  readonly window: CreditWindow;
  /** Credits this client may still spend in the window, before subtracting its own in-flight requests. */
  readonly available?: number;
  /**
   * The answer is older than what the client knows (a higher `remaining`, an earlier window, or
   * the window before a local roll): the server already counted its request in the `remaining`
   * the client last resynced from, or charged it to a window that is over. The client held its
   * credits back from the current window as in flight, so they go back (`LocalCreditStore`, and
   * the Lua script of cluster mode).
   */
  readonly stale?: true;
}

export const UNKNOWN_WINDOW: CreditWindow = { confirmedResetAt: 0, minRemaining: Number.POSITIVE_INFINITY };

/** When the window that the client is spending from ends (epoch ms), or undefined before the first answer. */
export function windowEndsAt(window: CreditWindow): number | undefined {
  return window.estimatedResetAt ?? (window.confirmedResetAt || undefined);
}

/**
 * The budget of a window: the server's limit when following it (no explicit `rateLimit.budget`),
 * else the configured budget, never more than the server's limit.
 */
export function windowBudget(configured: number, serverLimit: number | undefined, followServer: boolean): number {
  if (serverLimit === undefined) return configured;
  return followServer ? serverLimit : Math.min(configured, serverLimit);
}

/**
 * An answer's headers. `budget` caps this client's share: a server limit above it leaves the
 * difference to others.
 */
export function windowAfterReport(window: CreditWindow, report: CreditReport, budget: number): WindowDecision {
  const reserve = Math.max(0, report.limit - budget);
  if (report.resetAt < window.confirmedResetAt) return { window, stale: true };
  if (report.resetAt > window.confirmedResetAt) {
    return {
      window: { confirmedResetAt: report.resetAt, minRemaining: report.remaining },
      available: report.remaining - reserve,
    };
  }
  // Same window: an answer from before the local roll, or one older than what we know, says nothing new.
  if (window.estimatedResetAt !== undefined || report.remaining >= window.minRemaining) return { window, stale: true };
  return { window: { ...window, minRemaining: report.remaining }, available: report.remaining - reserve };
}

/**
 * The local timer reached the end of the window `dueAt` without a newer answer: the next window
 * starts with the full budget. A timer for a window already left behind changes nothing.
 */
export function windowAfterRoll(window: CreditWindow, dueAt: number, budget: number, windowMs: number): WindowDecision {
  if (windowEndsAt(window) !== dueAt) return { window };
  return {
    window: { ...window, estimatedResetAt: dueAt + windowMs, minRemaining: Number.POSITIVE_INFINITY },
    available: budget,
  };
}

/**
 * A 429: the server's window is spent until `resetAt`, whatever the client believed (its clock
 * may run ahead of Miro's). Nothing more is sent until then.
 */
export function windowAfterRateLimited(window: CreditWindow, resetAt: number): WindowDecision {
  if (resetAt < window.confirmedResetAt) return { window };
  return { window: { confirmedResetAt: resetAt, minRemaining: 0 }, available: 0 };
}
