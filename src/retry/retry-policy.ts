import { exponentialDelay } from 'axios-retry';
import { INVALID_RESPONSE_BODY, MiroApiError, MiroError, MiroNetworkError, MiroRateLimitError } from '../errors/miro-errors.js';
import type { HttpMethod } from '../http/operation.js';
import type { MiroRequest } from '../http/miro-request.js';
import { CREDIT_WAIT_TIMEOUT, LIMITER_CLOSED } from '../errors/credit-errors.js';
import { DEFAULT_MAX_DELAY_MS, DEFAULT_MAX_RATE_LIMIT_WAIT_MS, DEFAULT_MIN_DELAY_MS, DEFAULT_RETRIES, type RetryOptions } from './retry-options.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Validated retry settings. */
export interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
  maxRateLimitWaitMs: number;
}

/**
 * Methods whose repetition leaves Miro in the same state. PATCH is on the list because Miro's
 * PATCH operations set fields to the values sent (no increments): applying one twice equals once.
 */
const REPEATABLE_METHODS: ReadonlySet<HttpMethod> = new Set<HttpMethod>(['GET', 'PUT', 'DELETE', 'PATCH']);

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const read = (name: keyof RetryOptions, fallback: number, integer = false) => {
    const value = options[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
      throw new TypeError(`retry.${name} must be a ${integer ? 'whole ' : ''}number of 0 or more, got ${String(options[name])}`);
    }
    // Waits become timers: beyond 2^31-1 ms Node fires them at once (TimeoutOverflowWarning).
    if (!integer && value > MAX_TIMER_MS) throw new TypeError(`retry.${name} must be at most ${MAX_TIMER_MS} ms, got ${value}`);
    return value;
  };
  const policy = {
    retries: read('retries', DEFAULT_RETRIES, true),
    minDelayMs: read('minDelayMs', DEFAULT_MIN_DELAY_MS),
    maxDelayMs: read('maxDelayMs', DEFAULT_MAX_DELAY_MS),
    maxRateLimitWaitMs: read('maxRateLimitWaitMs', DEFAULT_MAX_RATE_LIMIT_WAIT_MS),
  };
  if (policy.maxDelayMs < policy.minDelayMs) throw new TypeError('retry.maxDelayMs must not be less than retry.minDelayMs');
  return policy;
}

/**
 * Milliseconds to wait before retrying `request` after `error` on attempt `attempt`, or
 * undefined when it must not be retried. Read from miro-rx's own errors (status, code,
 * `retryAfterMs`, `sent`); the loop itself runs in the pipeline, so that every attempt passes
 * the credit limiter.
 */
export function retryDelayMs(request: MiroRequest, error: unknown, attempt: number, policy: RetryPolicy, now = Date.now()): number | undefined {
  if (attempt > policy.retries || request.signal.aborted || !(error instanceof MiroError)) return undefined;
  if (error instanceof MiroRateLimitError) {
    // Miro refused without acting: safe for every method. Wait for the window's reset.
    const wait = Math.max(error.retryAfterMs ?? 0, (error.resetAt ?? 0) - now, 0);
    if (wait > policy.maxRateLimitWaitMs) return undefined;
    return wait + Math.random() * Math.min(policy.minDelayMs, 250);
  }
  if (!isTransient(error)) return undefined;
  const certainlyNotActed = error instanceof MiroNetworkError && !error.sent;
  if (!certainlyNotActed && !request.repeatable && !REPEATABLE_METHODS.has(request.method)) return undefined;
  const backoff = exponentialBackoff(attempt, policy);
  const asked = error instanceof MiroApiError ? error.retryAfterMs : undefined;
  if (asked === undefined) return backoff;
  // The server named a time (a 503 during maintenance, say): honour it, up to the cap on
  // server-requested waits. Unlike a 429's reset, trying at the cap may well succeed.
  return Math.min(Math.max(asked, backoff), policy.maxRateLimitWaitMs) + Math.random() * Math.min(policy.minDelayMs, 250);
}

/**
 * Failures worth another attempt: 5xx, a 2xx with a broken body, and network errors other
 * than cancellation or ones a retry cannot cure (unknown host, unreachable network, TLS).
 */
function isTransient(error: MiroError): boolean {
  if (error instanceof MiroApiError) return (error.status >= 500 && error.status <= 599) || error.code === INVALID_RESPONSE_BODY;
  if (!(error instanceof MiroNetworkError) || error.code === undefined) return false;
  return (
    error.code !== 'ERR_CANCELED' && !PERMANENT_NETWORK_CODES.has(error.code) && !/CERT|_SIGNATURE|^HOSTNAME_MISMATCH$|^INVALID_(CA|PURPOSE)$/.test(error.code)
  );
}

// A call past its own timeoutMs in the credit queue would only queue again.
const PERMANENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  'ENETUNREACH',
  'OUT_OF_MEM',
  'PATH_LENGTH_EXCEEDED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  CREDIT_WAIT_TIMEOUT,
  LIMITER_CLOSED,
]);

/**
 * axios-retry's curve: doubling from `minDelayMs` with 0-20% jitter, capped at `maxDelayMs`.
 * Given no axios error, it reads no header: `Retry-After` comes from miro-rx's own error above.
 */
function exponentialBackoff(attempt: number, policy: RetryPolicy): number {
  return Math.min(exponentialDelay(attempt - 1, undefined, policy.minDelayMs), policy.maxDelayMs);
}
