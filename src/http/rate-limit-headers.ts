import type { RateLimitHeaders } from './call-options.js';

/** Reads Miro's `X-RateLimit-*` headers (lower-case names); undefined when any is missing. */
export function parseRateLimitHeaders(header: (name: string) => string | undefined): RateLimitHeaders | undefined {
  const limit = Number(header('x-ratelimit-limit'));
  const remaining = Number(header('x-ratelimit-remaining'));
  const reset = Number(header('x-ratelimit-reset'));
  if (![limit, remaining, reset].every(Number.isFinite) || header('x-ratelimit-reset') === undefined) return undefined;
  // Miro sends the reset as UNIX epoch seconds.
  return { limit, remaining, resetAt: reset * 1000 };
}

/** The longest `Retry-After` kept: a day. Anything longer is a broken header, not a plan. */
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
  if (/^\d+(\.\d+)?(e\+?\d+)?$/i.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // Only a date with a letter in it (a weekday or month name): `-5` or `12:00` are not dates.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}
