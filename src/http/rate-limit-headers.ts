import type { RateLimitHeaders } from '../http/call-options.js';

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

/** The longest `Retry-After` believed: a day. Anything longer is a broken header, not a plan, and is ignored. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * `Retry-After` as milliseconds: delta-seconds (`10`) or an HTTP date. Nonsense (negative,
 * not a number, an unparseable date) is ignored as if absent; a date in the past means now;
 * anything beyond a day is clamped to a day, so no timer built from it can overflow.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  // RFC 9110 allows whole seconds only; decimals and exponents (`1e9`) are read leniently.
  if (/^\d+(\.\d+)?(e\+?\d+)?$/i.test(text)) return believable(Number(text) * 1000);
  // Only a date with a letter in it (a weekday or month name): `-5` or `12:00` are not dates.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : believable(Math.max(0, date - now));
}

/** A wait past a day (`Retry-After: 1e9`) is nonsense: ignored, so the configured policy applies. */
function believable(waitMs: number): number | undefined {
  return waitMs <= MAX_RETRY_AFTER_MS ? waitMs : undefined;
}

function numberOf(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}
