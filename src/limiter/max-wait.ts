import type { RetryOptions } from '../retry/retry-options.js';
import type { RateLimitOptions } from './rate-limit-options.js';

/**
 * This client's bound on a call's wait for credits: `rateLimit.maxWaitMs`, else
 * `retry.maxRateLimitWaitMs` (a client that will not wait that long for a retry will not wait
 * that long in the queue either), else undefined (the limiter's default, two windows).
 */
export function maxWaitOf(rateLimit: RateLimitOptions, retry: RetryOptions | false | undefined): number | undefined {
  const value = rateLimit.maxWaitMs ?? (retry ? retry.maxRateLimitWaitMs : undefined);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`rateLimit.maxWaitMs must be a number of 0 or more, got ${String(value)}`);
  }
  return value;
}
