import type { RateLimitHeaders } from './call-options.js';

/** No credit budget is anywhere near this; a larger `X-RateLimit-Limit` is nonsense. */
export const MAX_SANE_CREDIT_LIMIT = 1_000_000_000;
/** Node's timers overflow past 2^31-1 ms (about 24.8 days); no server time may go further ahead. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * Reads Miro's `X-RateLimit-*` headers (lower-case names). Undefined when any is missing or
 * nonsense: a limit that is not a whole number from 1 to 1e9, a negative remaining, or a reset
 * of 0 or less. A remaining above the limit is clamped to the limit. How far ahead a reset may
 * be is the limiter's call (src/limiter/server-times.ts): it plans only with plausible windows.
 */
export function parseRateLimitHeaders(header: (name: string) => string | undefined): RateLimitHeaders | undefined {
  const limit = numberOf(header('x-ratelimit-limit'));
  const remaining = numberOf(header('x-ratelimit-remaining'));
  const reset = numberOf(header('x-ratelimit-reset'));
  if (limit === undefined || remaining === undefined || reset === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SANE_CREDIT_LIMIT || remaining < 0) return undefined;
  // Miro sends the reset as UNIX epoch seconds; 0 or less is not a time.
  const resetAt = reset * 1000;
  if (resetAt <= 0) return undefined;
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
