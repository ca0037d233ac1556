import type { RateLimitHeaders } from './call-options.js';

/** No credit budget is anywhere near this; a larger `X-RateLimit-Limit` is nonsense. */
export const MAX_SANE_CREDIT_LIMIT = 1_000_000_000;
/** Node's timers overflow past 2^31-1 ms (about 24.8 days); no server time may go further ahead. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Reads Miro's `X-RateLimit-*` headers (lower-case names). Undefined when any is missing or
 * nonsense: a limit that is not a whole number from 1 to 1e9, a negative remaining, or a reset
 * that is not in the future by at most Node's longest timer. A remaining above the limit is
 * clamped to the limit. The limiter then falls back to its configured budget and window.
 */
export function parseRateLimitHeaders(header: (name: string) => string | undefined, now = Date.now()): RateLimitHeaders | undefined {
  const limit = numberOf(header('x-ratelimit-limit'));
  const remaining = numberOf(header('x-ratelimit-remaining'));
  const reset = numberOf(header('x-ratelimit-reset'));
  if (limit === undefined || remaining === undefined || reset === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SANE_CREDIT_LIMIT || remaining < 0) return undefined;
  // Miro sends the reset as UNIX epoch seconds; 0, or a reset long past or far ahead, is not a window.
  const resetAt = reset * 1000;
  if (resetAt <= 0 || resetAt - now > MAX_TIMER_DELAY_MS) return undefined;
  return { limit, remaining: Math.min(remaining, limit), resetAt };
}

/** `Retry-After` as milliseconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function numberOf(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}
