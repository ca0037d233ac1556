/**
 * How failed attempts are retried. `false` (in `MiroApiOptions.retry`) turns retries off.
 *
 * axios-retry performs the retries, with these rules: 429 (after the window resets), 5xx, 2xx
 * responses with an empty or broken body, timeouts and network errors. A `Retry-After` is
 * waited for. Requests that are not idempotent (POST: creating items, bulk) are retried only
 * when Miro certainly did not act (a 429, or a connection refused before anything was sent), or
 * when the call is marked `repeatable` (it carries an idempotency key). A refusal of the credit
 * limiter (a wait past `rateLimit.maxWaitMs`, a closed limiter) is never retried.
 *
 * @example
 * ```ts
 * const api = new MiroApi(token, { retry: { retries: 5, maxDelayMs: 10_000 } });
 * ```
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** Delay before the first retry; it doubles each time (with 0-20% jitter). Default 500 ms. */
  minDelayMs?: number;
  /** Longest backoff between attempts (a `Retry-After` or a rate-limit reset may ask for longer). Default 20,000 ms. */
  maxDelayMs?: number;
  /**
   * Longest wait a server may ask for. A longer `Retry-After` on a 5xx (a 503 in maintenance)
   * is shortened to this. With `rateLimit: false`, a 429 whose reset is later fails at once; with
   * the limiter on, a 429's retry waits in the limiter's queue, bounded by `rateLimit.maxWaitMs`
   * (which defaults to this value when set). At most 2^31-1. Default 65,000 ms.
   */
  maxRateLimitWaitMs?: number;
}

export const DEFAULT_RETRIES = 3;
export const DEFAULT_MIN_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 20_000;
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 65_000;
