import { MAX_TIMER_DELAY_MS } from '../http/rate-limit-headers.js';
import type { MiroRateLimitError } from '../errors/miro-errors.js';
import type { CreditReport } from './credit-window.js';

/**
 * Sanity rules for the times a server sends, so that no header can switch the limiter off
 * (a window that "ends" every millisecond) or freeze it (a window that never ends).
 */

/**
 * An answer's window, or undefined when it is not one this limiter can plan with: a reset
 * more than a window in the past (`X-RateLimit-Reset: 0`) or further ahead than a queued call
 * may wait. The limiter then keeps its own window and the configured budget.
 */
export function saneReport(report: CreditReport, now: number, windowMs: number, maxWaitMs: number): CreditReport | undefined {
  if (report.resetAt < now - windowMs || report.resetAt > now + Math.max(windowMs, maxWaitMs)) return undefined;
  return report;
}

/**
 * When a 429's pause ends (epoch ms): the server's reset, else `Retry-After`, else one window.
 * A time in the past or beyond Node's longest timer is ignored as nonsense.
 */
export function pauseEndsAt(error: MiroRateLimitError, now: number, windowMs: number): number {
  const plausible = (at: number | undefined) => at !== undefined && Number.isFinite(at) && at >= now - windowMs && at - now <= MAX_TIMER_DELAY_MS;
  if (plausible(error.resetAt)) return error.resetAt as number;
  const afterRetry = error.retryAfterMs === undefined ? undefined : now + error.retryAfterMs;
  if (plausible(afterRetry)) return afterRetry as number;
  return now + windowMs;
}
