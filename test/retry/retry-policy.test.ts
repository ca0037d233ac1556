import { afterEach, describe, expect, it, vi } from 'vitest';
import { retryDelayMs, retryPolicy } from '../../src/retry/retry-policy.js';
import { attemptOf } from '../support/retry-call.js';
import { MiroApiError, MiroNetworkError, MiroRateLimitError, MiroTimeoutError, MiroValidationError } from '../../src/errors/miro-errors.js';
import type { MiroRequest } from '../../src/http/miro-request.js';
import type { HttpMethod, Operation } from '../../src/http/operation.js';

afterEach(() => vi.restoreAllMocks());

const context = { operationId: 'op', method: 'GET' as const, path: '/p' };
const request = (method: HttpMethod, aborted = false): MiroRequest => {
  const controller = new AbortController();
  if (aborted) controller.abort();
  return {
    operation: { operationId: 'op' } as Operation,
    method,
    url: 'http://x/p',
    path: '/p',
    headers: {},
    creditCost: 50,
    itemCount: 1,
    timeoutMs: 1000,
    signal: controller.signal,
    attempt: 1,
  };
};
const apiError = (status: number) => new MiroApiError('x', { status, request: context });
const policy = retryPolicy({ retries: 3, minDelayMs: 100, maxDelayMs: 1000 });

describe('retry policy', () => {
  it('retries 5xx, resets and timeouts of reads with doubling, capped backoff (axios-retry exponentialDelay)', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(retryDelayMs(attemptOf(request('GET'), 1), apiError(503), policy)).toBe(100);
    expect(retryDelayMs(attemptOf(request('GET'), 2), apiError(500), policy)).toBe(200);
    expect(retryDelayMs(attemptOf(request('GET'), 3), new MiroNetworkError('reset', context, 'ECONNRESET', true), policy)).toBe(400);
    expect(retryDelayMs(attemptOf(request('DELETE'), 1), new MiroTimeoutError(context, 1000), policy)).toBe(100);
    expect(retryDelayMs(attemptOf(request('GET'), 3), apiError(502), retryPolicy({ minDelayMs: 800, maxDelayMs: 1000 }))).toBe(1000);
  });

  it('adds up to 20% jitter', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    expect(retryDelayMs(attemptOf(request('GET'), 1), apiError(500), policy)).toBeCloseTo(119.98, 1);
  });

  it('never repeats a create that Miro may have acted on', () => {
    expect(retryDelayMs(attemptOf(request('POST'), 1), apiError(500), policy)).toBeUndefined();
    expect(retryDelayMs(attemptOf(request('POST'), 1), new MiroNetworkError('reset', context, 'ECONNRESET', true), policy)).toBeUndefined();
    expect(retryDelayMs(attemptOf(request('POST'), 1), new MiroTimeoutError(context, 1000), policy)).toBeUndefined();
  });

  it('repeats a create the caller marked repeatable (it carries its idempotency key), and only that one', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const keyed = { ...request('POST'), repeatable: true };
    expect(retryDelayMs(attemptOf(keyed, 1), new MiroNetworkError('reset', context, 'ECONNRESET', true), policy)).toBe(100);
    expect(retryDelayMs(attemptOf(keyed, 2), new MiroTimeoutError(context, 1000), policy)).toBe(200);
    expect(retryDelayMs(attemptOf(keyed, 1), apiError(400), policy)).toBeUndefined();
    expect(retryDelayMs(attemptOf({ ...request('POST'), repeatable: false }, 1), apiError(502), policy)).toBeUndefined();
  });

  it('repeats a create when Miro certainly did not act: 429, or a refused connection', () => {
    expect(retryDelayMs(attemptOf(request('POST'), 1), new MiroNetworkError('refused', context, 'ECONNREFUSED', false), policy)).toBeGreaterThan(0);
    const limited = new MiroRateLimitError('x', { status: 429, request: context, rateLimit: { limit: 1, remaining: 0, resetAt: 10_000 } });
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(retryDelayMs(attemptOf(request('POST'), 1), limited, policy, 7_000)).toBe(3_000);
  });

  it('waits for Retry-After or the reset, whichever is later, but not beyond maxRateLimitWaitMs', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const both = new MiroRateLimitError('x', { status: 429, request: context, retryAfterMs: 5_000, rateLimit: { limit: 1, remaining: 0, resetAt: 3_000 } });
    expect(retryDelayMs(attemptOf(request('GET'), 1), both, policy, 1_000)).toBe(5_000);
    const far = new MiroRateLimitError('x', { status: 429, request: context, retryAfterMs: 120_000 });
    expect(retryDelayMs(attemptOf(request('GET'), 1), far, policy)).toBeUndefined();
  });

  it('does not retry client errors, validation errors, aborted requests, or past the retry count', () => {
    expect(retryDelayMs(attemptOf(request('GET'), 1), apiError(404), policy)).toBeUndefined();
    expect(retryDelayMs(attemptOf(request('GET'), 1), new MiroValidationError('op', []), policy)).toBeUndefined();
    expect(retryDelayMs(attemptOf(request('GET', true), 1), apiError(503), policy)).toBeUndefined();
    expect(retryDelayMs(attemptOf(request('GET'), 1), new MiroNetworkError('aborted', context, 'ERR_CANCELED', true), policy)).toBeUndefined();
    expect(retryDelayMs(attemptOf(request('GET'), 4), apiError(503), policy)).toBeUndefined();
  });

  it('rejects bad settings with a message naming the field', () => {
    expect(() => retryPolicy({ retries: -1 })).toThrow(/retry.retries/);
    expect(() => retryPolicy({ minDelayMs: 10, maxDelayMs: 5 })).toThrow(/maxDelayMs must not be less/);
  });
});
