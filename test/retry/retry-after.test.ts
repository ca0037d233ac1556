/**
 * `Retry-After` on statuses other than 429: kept on the error, honoured by the retry step (up to
 * `retry.maxRateLimitWaitMs`), in both of its forms, and ignored or clamped when it is nonsense.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { MiroApi, MiroApiError } from '../../src/index.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../src/http/rate-limit-headers.js';
import { retryDelayMs, retryPolicy } from '../../src/retry/retry-policy.js';
import { attemptOf } from '../support/retry-call.js';
import type { MiroRequest } from '../../src/http/miro-request.js';
import type { Operation } from '../../src/http/operation.js';
import { startRecordingServer } from '../support/recording-server.js';

let server: Awaited<ReturnType<typeof startRecordingServer>> | undefined;
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

const NOW = Date.parse('2026-12-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['10', 10_000],
    [' 2 ', 2_000],
    ['0', 0],
    ['1.5', 1_500],
    ['Tue, 01 Dec 2026 12:00:30 GMT', 30_000],
    ['Tue, 01 Dec 2026 11:00:00 GMT', 0], // already past: now
    ['86400', MAX_RETRY_AFTER_MS],
  ])('reads %j as %d ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each(['-5', 'NaN', 'soon', '', '12:00', '0x10', 'Infinity', '86401', '1e9', '999999999999', 'Fri, 01 Dec 2100 00:00:00 GMT', undefined])(
    'ignores %j',
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    },
  );
});

describe('retry policy with Retry-After on a 5xx', () => {
  const context = { operationId: 'op', method: 'GET' as const, path: '/p' };
  const request = (method: 'GET' | 'POST'): MiroRequest => ({
    operation: { operationId: 'op' } as Operation,
    method,
    url: 'http://x/p',
    path: '/p',
    headers: {},
    creditCost: 50,
    itemCount: 1,
    timeoutMs: 1000,
    signal: new AbortController().signal,
    attempt: 1,
  });
  const unavailable = (retryAfterMs?: number) => new MiroApiError('x', { status: 503, request: context, retryAfterMs });

  it('waits the asked time instead of the backoff, capped by maxRateLimitWaitMs', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const policy = retryPolicy({ minDelayMs: 500, maxDelayMs: 2_000, maxRateLimitWaitMs: 30_000 });
    expect(retryDelayMs(attemptOf(request('GET'), 1), unavailable(10_000), policy)).toBe(10_000);
    expect(retryDelayMs(attemptOf(request('GET'), 1), unavailable(MAX_RETRY_AFTER_MS), policy)).toBe(30_000);
    // A Retry-After shorter than the backoff does not make the client hurry.
    expect(retryDelayMs(attemptOf(request('GET'), 3), unavailable(10), policy)).toBe(2_000);
    expect(retryDelayMs(attemptOf(request('GET'), 1), unavailable(), policy)).toBe(500);
  });

  it('a create is still not repeated, whatever the server asks', () => {
    expect(retryDelayMs(attemptOf(request('POST'), 1), unavailable(1_000), retryPolicy())).toBeUndefined();
  });

  it('refuses wait settings that no timer can hold', () => {
    expect(() => retryPolicy({ maxRateLimitWaitMs: 1e12 })).toThrow(/retry.maxRateLimitWaitMs must be at most/);
  });
});

describe('Retry-After over the wire', () => {
  it('a 503 keeps the value on the error as retryAfterMs, in both forms', async () => {
    const date = new Date(Date.now() + 60_000).toUTCString();
    server = await startRecordingServer((r) => ({
      status: 503,
      headers: { 'retry-after': r.url.endsWith('dated') ? date : '10' },
      body: { status: 503, code: 'serviceUnavailable', message: 'maintenance', type: 'error' },
    }));
    const api = new MiroApi('retry-after-token', { baseUrl: server.url, rateLimit: false, retry: false });
    const seconds = await firstValueFrom(api.getSpecificBoard('seconds')).catch((e: unknown) => e);
    expect(seconds).toBeInstanceOf(MiroApiError);
    expect(seconds).toMatchObject({ status: 503, retryAfterMs: 10_000 });
    const dated = (await firstValueFrom(api.getSpecificBoard('dated')).catch((e: unknown) => e)) as MiroApiError;
    expect(dated.retryAfterMs).toBeGreaterThan(55_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(JSON.parse(JSON.stringify(seconds))).toMatchObject({ retryAfterMs: 10_000 });
  });

  it('a GET answered 503 with Retry-After: 10 is retried after about 10 s, not after the backoff', async () => {
    // Only timeouts are faked (axios-retry's delay, the attempt's timer); sockets keep real time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let count = 0;
    server = await startRecordingServer(() =>
      ++count === 1
        ? { status: 503, headers: { 'retry-after': '10' }, body: { status: 503, code: 'serviceUnavailable', message: 'maintenance', type: 'error' } }
        : { body: { id: 'b1', type: 'board' } },
    );
    const api = new MiroApi('retry-after-token', { baseUrl: server.url, rateLimit: false, retry: { retries: 2, minDelayMs: 500 }, timeoutMs: 0 });
    const board = firstValueFrom(api.getSpecificBoard('b1'));
    const requests = server.requests;
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1)); // the retry's wait is scheduled
    await vi.advanceTimersByTimeAsync(9_500);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(board).resolves.toMatchObject({ id: 'b1' });
    expect(requests).toHaveLength(2);
  });
});
