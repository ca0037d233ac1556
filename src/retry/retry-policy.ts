import { exponentialDelay, isNetworkError, isRetryableError } from 'axios-retry';
import type { AxiosError } from 'axios';
import { INVALID_RESPONSE_BODY, MiroApiError, MiroError, MiroNetworkError, MiroRateLimitError } from '../http/errors.js';
import type { HttpMethod } from '../http/operation.js';
import type { MiroRequest } from '../http/miro-request.js';
import {
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MAX_RATE_LIMIT_WAIT_MS,
  DEFAULT_MIN_DELAY_MS,
  DEFAULT_RETRIES,
  type RetryOptions,
} from './retry-options.js';

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
 * undefined when it must not be retried. axios-retry's own predicates classify the failure
 * (fed an AxiosError-shaped view of the MiroError) and its `exponentialDelay` sizes the backoff;
 * the loop itself runs in the pipeline, so that every attempt passes the credit limiter.
 */
export function retryDelayMs(request: MiroRequest, error: unknown, attempt: number, policy: RetryPolicy, now = Date.now()): number | undefined {
  if (attempt > policy.retries || request.signal.aborted || !(error instanceof MiroError)) return undefined;
  const view = axiosView(request, error);
  if (error instanceof MiroRateLimitError) {
    // Miro refused without acting: safe for every method. Wait for the window's reset.
    const wait = Math.max(error.retryAfterMs ?? 0, (error.resetAt ?? 0) - now, 0);
    if (wait > policy.maxRateLimitWaitMs) return undefined;
    return wait + Math.random() * Math.min(policy.minDelayMs, 250);
  }
  // A 2xx whose body is empty or broken (a proxy's page, a truncated answer) is as transient as
  // a 5xx: Miro may have acted, so only repeatable methods try again.
  const brokenAnswer = error instanceof MiroApiError && error.code === INVALID_RESPONSE_BODY;
  const transient = brokenAnswer || (error instanceof MiroApiError ? isRetryableError(view) : isNetworkError(view));
  if (!transient) return undefined;
  const certainlyNotActed = error instanceof MiroNetworkError && !error.sent;
  if (!certainlyNotActed && !REPEATABLE_METHODS.has(request.method)) return undefined;
  return Math.min(exponentialDelay(attempt - 1, view, policy.minDelayMs), policy.maxDelayMs);
}

/** The fields of an AxiosError that axios-retry's predicates and delay read. */
function axiosView(request: MiroRequest, error: MiroError): AxiosError {
  const response =
    error instanceof MiroApiError
      ? { status: error.status, headers: {} }
      : undefined;
  const code = error instanceof MiroNetworkError ? error.code : undefined;
  return { code, response, config: { method: request.method.toLowerCase() } } as unknown as AxiosError;
}
