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

/** `Retry-After` as milliseconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
