import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, lastValueFrom, merge, toArray } from 'rxjs';
import { MiroApi, MiroRateLimitError, type MiroApiOptions } from '../../src/index.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { parseRateLimitHeaders } from '../../src/http/rate-limit-headers.js';
import { startHeaderServer, type HeaderAnswer } from './support/header-server.js';

const servers: { close: () => Promise<void> }[] = [];
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
beforeEach(() => {
  warnings.length = 0;
  process.on('warning', onWarning);
});
afterEach(async () => {
  process.off('warning', onWarning);
  await closeSharedCreditLimiters();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

let clients = 0;
async function apiAnswering(answer: HeaderAnswer, options: MiroApiOptions = {}) {
  const server = await startHeaderServer(answer);
  servers.push(server);
  const api = new MiroApi(`hostile-${++clients}`, { baseUrl: server.url, scimBaseUrl: `${server.url}/scim`, retry: false, ...options });
  return { server, api };
}

/** Settles within `ms` or fails the test: "no call waits forever". */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms))]);
}

const seconds = (ms: number) => String(Math.ceil(ms / 1000));
const reads = (api: MiroApi, n: number) => Array.from({ length: n }, () => api.getSpecificBoard('b1'));

describe('rate-limit headers are sanity-checked', () => {
  const headers = (values: Record<string, string>) => (name: string) => values[name];
  const now = Date.now();
  const ok = { 'x-ratelimit-limit': '100000', 'x-ratelimit-remaining': '500', 'x-ratelimit-reset': seconds(now + 30_000) };

  it('keeps a plausible window and clamps a remaining above the limit', () => {
    expect(parseRateLimitHeaders(headers(ok))).toEqual({ limit: 100_000, remaining: 500, resetAt: Number(ok['x-ratelimit-reset']) * 1000 });
    expect(parseRateLimitHeaders(headers({ ...ok, 'x-ratelimit-remaining': '999999999' }))?.remaining).toBe(100_000);
  });

  it.each([
    ['a limit of 0', { 'x-ratelimit-limit': '0' }],
    ['a fractional limit', { 'x-ratelimit-limit': '0.5' }],
    ['a limit of 1e12', { 'x-ratelimit-limit': '1e12' }],
    ['a negative remaining', { 'x-ratelimit-remaining': '-1' }],
    ['an empty remaining', { 'x-ratelimit-remaining': '' }],
    ['a reset of 0', { 'x-ratelimit-reset': '0' }],
    ['a reset that is not a number', { 'x-ratelimit-reset': 'soon' }],
  ])('ignores %s', (_, bad) => {
    expect(parseRateLimitHeaders(headers({ ...ok, ...bad }))).toBeUndefined();
  });
});

describe('no header switches the limiter off or freezes it', () => {
  it('a reset 30 days ahead neither overflows the timer nor lifts the budget', async () => {
    const { server, api } = await apiAnswering(
      () => ({
        status: 200,
        headers: { 'x-ratelimit-limit': '100000', 'x-ratelimit-remaining': '99000', 'x-ratelimit-reset': seconds(Date.now() + 30 * 86_400_000) },
      }),
      { rateLimit: { budget: 100 } },
    );
    // Budget 100 per 60 s: two reads of 50 credits; the third waits for the local window.
    const sub = merge(...reads(api, 3)).subscribe();
    // Waited for, not slept on: a loaded machine may take longer than a fixed pause to send two.
    await vi.waitFor(() => expect(server.times).toHaveLength(2), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    sub.unsubscribe();
    expect(server.times).toHaveLength(2);
    expect(warnings.filter((w) => w.name === 'TimeoutOverflowWarning')).toEqual([]);
  });

  it('a 429 with Retry-After: 1e9 pauses one window, with no timer overflow', async () => {
    const { server, api } = await apiAnswering(
      (n) => ({ status: n === 0 ? 429 : 200, headers: n === 0 ? { 'retry-after': '1e9' } : ({} as Record<string, string>) }),
      {
        rateLimit: { windowMs: 600 },
      },
    );
    await expect(firstValueFrom(api.getSpecificBoard('b1'))).rejects.toBeInstanceOf(MiroRateLimitError);
    await within(5_000, firstValueFrom(api.getSpecificBoard('b1')));
    expect(server.times).toHaveLength(2);
    expect(server.times[1]! - server.times[0]!).toBeGreaterThanOrEqual(450);
    expect(warnings.filter((w) => w.name === 'TimeoutOverflowWarning')).toEqual([]);
  });

  it('after a 429 with Retry-After: 86400, the next calls fail at once with resetAt instead of waiting a day', async () => {
    const { server, api } = await apiAnswering(() => ({ status: 429, headers: { 'retry-after': '86400' } }));
    const before = Date.now();
    await expect(firstValueFrom(api.getSpecificBoard('b1'))).rejects.toBeInstanceOf(MiroRateLimitError);
    const errors = await within(
      2_000,
      lastValueFrom(merge(...reads(api, 3).map((call) => call.pipe(toArray()))).pipe(toArray())).catch((e: unknown) => e),
    );
    expect(errors).toBeInstanceOf(MiroRateLimitError);
    const error = errors as MiroRateLimitError;
    expect(error.code).toBe('rateLimitWaitTooLong');
    expect(error.resetAt).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(error.message).toMatch(/longest wait allowed \(120000 ms\)/);
    expect(server.times).toHaveLength(1);
  });

  it('calls already queued behind a 429 are failed when the pause exceeds retry.maxRateLimitWaitMs', async () => {
    const { api } = await apiAnswering(() => ({ status: 429, headers: { 'retry-after': '10' } }), { retry: { retries: 0, maxRateLimitWaitMs: 2_000 } });
    // The first call probes alone; the others queue behind it and meet its 429.
    const results = reads(api, 4).map((call) => within(3_000, firstValueFrom(call)).catch((e: unknown) => e));
    const settled = await Promise.all(results);
    for (const error of settled) expect(error).toBeInstanceOf(MiroRateLimitError);
    expect((settled.slice(1) as MiroRateLimitError[]).every((e) => e.code === 'rateLimitWaitTooLong')).toBe(true);
  });

  it.each([
    ['X-RateLimit-Reset: 0 with remaining 0', { 'x-ratelimit-limit': '100000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' }],
    ['X-RateLimit-Limit: 0', { 'x-ratelimit-limit': '0', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': seconds(Date.now() + 30_000) }],
    ['X-RateLimit-Limit: nonsense', { 'x-ratelimit-limit': 'lots', 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': seconds(Date.now() + 30_000) }],
  ])('%s: every call settles, on the configured budget', async (_, headers) => {
    const { server, api } = await apiAnswering(() => ({ status: 200, headers }), { timeoutMs: 2_000 });
    const answers = await within(5_000, lastValueFrom(merge(...reads(api, 10)).pipe(toArray())));
    expect(answers).toHaveLength(10);
    expect(server.times).toHaveLength(10);
  });
});
