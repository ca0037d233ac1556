import { afterEach, describe, expect, it, vi } from 'vitest';
import { retryDelayMs, retryPolicy } from '../../src/retry/retry-policy.js';
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
    expect(retryDelayMs(request('GET'), apiError(503), 1, policy)).toBe(100);
    expect(retryDelayMs(request('GET'), apiError(500), 2, policy)).toBe(200);
    expect(retryDelayMs(request('GET'), new MiroNetworkError('reset', context, 'ECONNRESET', true), 3, policy)).toBe(400);
    expect(retryDelayMs(request('DELETE'), new MiroTimeoutError(context, 1000), 1, policy)).toBe(100);
    expect(retryDelayMs(request('GET'), apiError(502), 3, retryPolicy({ minDelayMs: 800, maxDelayMs: 1000 }))).toBe(1000);
  });

  it('adds up to 20% jitter', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    expect(retryDelayMs(request('GET'), apiError(500), 1, policy)).toBeCloseTo(119.98, 1);
  });

  it('never repeats a create that Miro may have acted on', () => {
    expect(retryDelayMs(request('POST'), apiError(500), 1, policy)).toBeUndefined();
    expect(retryDelayMs(request('POST'), new MiroNetworkError('reset', context, 'ECONNRESET', true), 1, policy)).toBeUndefined();
    expect(retryDelayMs(request('POST'), new MiroTimeoutError(context, 1000), 1, policy)).toBeUndefined();
  });

  it('repeats a create the caller marked repeatable (it carries its idempotency key), and only that one', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const keyed = { ...request('POST'), repeatable: true };
    expect(retryDelayMs(keyed, new MiroNetworkError('reset', context, 'ECONNRESET', true), 1, policy)).toBe(100);
    expect(retryDelayMs(keyed, new MiroTimeoutError(context, 1000), 2, policy)).toBe(200);
    expect(retryDelayMs(keyed, apiError(400), 1, policy)).toBeUndefined();
    expect(retryDelayMs({ ...request('POST'), repeatable: false }, apiError(502), 1, policy)).toBeUndefined();
  });

  it('repeats a create when Miro certainly did not act: 429, or a refused connection', () => {
    expect(retryDelayMs(request('POST'), new MiroNetworkError('refused', context, 'ECONNREFUSED', false), 1, policy)).toBeGreaterThan(0);
    const limited = new MiroRateLimitError('x', { status: 429, request: context, rateLimit: { limit: 1, remaining: 0, resetAt: 10_000 } });
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(retryDelayMs(request('POST'), limited, 1, policy, 7_000)).toBe(3_000);
  });

  it('waits for Retry-After or the reset, whichever is later, but not beyond maxRateLimitWaitMs', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const both = new MiroRateLimitError('x', { status: 429, request: context, retryAfterMs: 5_000, rateLimit: { limit: 1, remaining: 0, resetAt: 3_000 } });
    expect(retryDelayMs(request('GET'), both, 1, policy, 1_000)).toBe(5_000);
    const far = new MiroRateLimitError('x', { status: 429, request: context, retryAfterMs: 120_000 });
    expect(retryDelayMs(request('GET'), far, 1, policy)).toBeUndefined();
  });

  it('does not retry client errors, validation errors, aborted requests, or past the retry count', () => {
    expect(retryDelayMs(request('GET'), apiError(404), 1, policy)).toBeUndefined();
    expect(retryDelayMs(request('GET'), new MiroValidationError('op', []), 1, policy)).toBeUndefined();
    expect(retryDelayMs(request('GET', true), apiError(503), 1, policy)).toBeUndefined();
    expect(retryDelayMs(request('GET'), new MiroNetworkError('aborted', context, 'ERR_CANCELED', true), 1, policy)).toBeUndefined();
    expect(retryDelayMs(request('GET'), apiError(503), 4, policy)).toBeUndefined();
  });

  it('rejects bad settings with a message naming the field', () => {
    expect(() => retryPolicy({ retries: -1 })).toThrow(/retry.retries/);
    expect(() => retryPolicy({ minDelayMs: 10, maxDelayMs: 5 })).toThrow(/maxDelayMs must not be less/);
  });
});
