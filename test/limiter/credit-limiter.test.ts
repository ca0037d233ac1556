import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, lastValueFrom, merge, toArray, filter } from 'rxjs';
import { MiroApi, MiroCreditBudgetError, MiroNetworkError } from '../../src/index.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { startCreditServer } from './support/credit-server.js';

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await closeSharedCreditLimiters();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A reset far enough ahead that no window ends during a test, in whole seconds. */
const farReset = () => Math.ceil(Date.now() / 1000) * 1000 + 120_000;

async function serverAndApi(token: string, options: Parameters<typeof startCreditServer>[0], rateLimit = {}) {
  const server = await startCreditServer(options);
  servers.push(server);
  const api = new MiroApi(token, {
    baseUrl: server.url,
    scimBaseUrl: `${server.url}/scim`,
    rateLimit: { budget: options.limit, windowMs: 120_000, ...rateLimit },
    retry: { minDelayMs: 1, maxDelayMs: 5 },
  });
  return { server, api };
}

const stickies = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'sticky_note' as const, data: { content: `n${i}` } }));

describe('credit limiter', () => {
  it('starts closed: lets the first request through alone until its answer tells the window', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const { server, api } = await serverAndApi('closed-start', {
      limit: 2000,
      resetAt: farReset(),
      gate: () => {
        if (!first) return;
        first = false;
        return held;
      },
    });
    const all = lastValueFrom(merge(...Array.from({ length: 5 }, () => api.getSpecificBoard('b1'))).pipe(toArray()));
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests).toHaveLength(1);
    release();
    expect(await all).toHaveLength(5);
    expect(server.requests).toHaveLength(5);
  });

  it('follows the server: credits spent elsewhere in the window are not spent again', async () => {
    const { server, api } = await serverAndApi('outside-spender', { limit: 2000, spentElsewhere: 1700, resetAt: farReset() });
    const calls = Array.from({ length: 10 }, () => api.getSpecificBoard('b1'));
    const done: unknown[] = [];
    const sub = merge(...calls).subscribe((answer) => done.push(answer));
    // 300 credits were left: 6 reads of 50, then the limiter waits for the reset instead of drawing 429s.
    await vi.waitFor(() => expect(done).toHaveLength(6), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(done).toHaveLength(6);
    expect(server.requests.filter((r) => r.status === 429)).toEqual([]);
    const state = await firstValueFrom(api.rateLimitState$);
    expect(state).toMatchObject({ creditsLeft: 0, queued: 4, sent: 6, creditsSpent: 300, rateLimited: 0 });
    sub.unsubscribe();
  });

  it('fails at once, without sending, a request that costs more than the budget can ever hold', async () => {
    const { server, api } = await serverAndApi('impossible', { limit: 1000, resetAt: farReset() });
    const error = await firstValueFrom(api.createItems('b1', stickies(11))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroCreditBudgetError);
    expect((error as Error).message).toMatch(/needs 1100 credits but at most 1000/);
    expect((error as MiroCreditBudgetError).attempts).toBe(1);
    expect(server.requests).toEqual([]);
  });

  it('a cancelled queued request spends nothing and no longer holds up the requests behind it', async () => {
    const { server, api } = await serverAndApi('cancel-queued', { limit: 2000, resetAt: farReset() });
    await firstValueFrom(api.getSpecificBoard('b1')); // 1950 left
    const heavy = api.createItems('b1', stickies(20)).subscribe(); // 2000: must wait for the next window
    const light = firstValueFrom(api.getSpecificBoard('b1')); // queued behind it
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    heavy.unsubscribe();
    await light; // long before the reset, two minutes away (backfilled: it may even go before the cancel)
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'GET']);
    // The drop is asynchronous (under Bottleneck's lock) and may end after the light read.
    await vi.waitFor(async () =>
      expect(await firstValueFrom(api.rateLimitState$)).toMatchObject({ cancelled: 1, sent: 2, creditsSpent: 100, queued: 0, creditsLeft: 1900 }),
    );
  });

  it('an abort signal on a queued request fails it as never sent, and it is not retried', async () => {
    const { server, api } = await serverAndApi('abort-queued', { limit: 2000, spentElsewhere: 1950, resetAt: farReset() });
    await firstValueFrom(api.getSpecificBoard('b1')); // window now spent
    const controller = new AbortController();
    const queued = firstValueFrom(api.getSpecificBoard('b1', { signal: controller.signal })).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    const error = await queued;
    expect(error).toBeInstanceOf(MiroNetworkError);
    expect(error).toMatchObject({ sent: false, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('after a 429 sends nothing until the reset, then retries through the limiter (charged again)', async () => {
    const resetAt = Math.ceil(Date.now() / 1000) * 1000 + 2000;
    // The server's window is spent by someone else after the limiter opened: the next call gets a 429.
    const { server, api } = await serverAndApi('after-429', { limit: 2000, resetAt }, { resetMarginMs: 0 });
    await firstValueFrom(api.getSpecificBoard('b1'));
    server.state.spent = 2000;
    setTimeout(
      () => {
        server.state.spent = 0;
        server.state.resetAt += 2000;
      },
      resetAt - Date.now() - 20,
    );
    const answer = await firstValueFrom(api.getSpecificBoard('b1', { observe: 'response' }));
    expect(answer.status).toBe(200);
    const statuses = server.requests.map((r) => r.status);
    expect(statuses).toEqual([200, 429, 200]);
    expect(server.requests[2]!.time).toBeGreaterThanOrEqual(resetAt);
    const state = await firstValueFrom(api.rateLimitState$);
    expect(state).toMatchObject({ sent: 3, creditsSpent: 150, rateLimited: 1 });
  });

  it('shares one limiter between clients of the same token and server, not across tokens', async () => {
    const server = await startCreditServer({ limit: 2000, resetAt: farReset() });
    servers.push(server);
    const options = { baseUrl: server.url, scimBaseUrl: server.url };
    const a = new MiroApi('token-a', options);
    const b = new MiroApi('token-a', options);
    const c = new MiroApi('token-c', options);
    await firstValueFrom(a.getSpecificBoard('b1'));
    expect((await firstValueFrom(b.rateLimitState$)).sent).toBe(1);
    expect((await firstValueFrom(c.rateLimitState$)).sent).toBe(0);
    const byKey = [
      new MiroApi(() => 't1', { ...options, rateLimit: { key: 'user:1' } }),
      new MiroApi(() => 't2', { ...options, rateLimit: { key: 'user:1' } }),
    ];
    await firstValueFrom(byKey[0]!.getSpecificBoard('b1'));
    expect((await firstValueFrom(byKey[1]!.rateLimitState$)).sent).toBe(1);
    expect(() => new MiroApi('token-a', { ...options, rateLimit: { budget: 10 } })).toThrow(/same settings/);
    // The raw token is never part of what the limiter exposes.
    expect(JSON.stringify(await firstValueFrom(a.rateLimitState$))).not.toContain('token-a');
  });

  it('rateLimit: false sends without planning and its state stream is empty', async () => {
    const server = await startCreditServer({ limit: 100, spentElsewhere: 100, resetAt: farReset() });
    servers.push(server);
    const api = new MiroApi('no-limiter', { baseUrl: server.url, scimBaseUrl: server.url, rateLimit: false, retry: false });
    await expect(firstValueFrom(api.getSpecificBoard('b1'))).rejects.toMatchObject({ status: 429 });
    expect(await lastValueFrom(api.rateLimitState$.pipe(toArray()))).toEqual([]);
  });

  it('rejects bad options with a message naming the field', () => {
    expect(() => new MiroApi('x', { rateLimit: { budget: -1 } })).toThrow(/rateLimit.budget must be a positive number/);
    expect(() => new MiroApi('x', { rateLimit: { windowMs: Number.NaN } })).toThrow(/rateLimit.windowMs/);
    expect(() => new MiroApi('x', { rateLimit: { key: '' } })).toThrow(/rateLimit.key/);
    expect(() => new MiroApi('x', { rateLimit: { redis: {} } })).toThrow(/miro-rx\/node/);
    expect(() => new MiroApi('x', { retry: { retries: 1.5 } })).toThrow(/retry.retries must be a whole number/);
  });

  it('reports time spent waiting for credits', async () => {
    const { api } = await serverAndApi('waiting', { limit: 2000, resetAt: farReset() });
    const states = api.rateLimitState$.pipe(filter((s) => s.sent === 3));
    const reached = firstValueFrom(states);
    await lastValueFrom(merge(api.getSpecificBoard('b'), api.getSpecificBoard('b'), api.getSpecificBoard('b')).pipe(toArray()));
    const state = await reached;
    expect(state.waitedMs).toBeGreaterThan(0); // two of them waited for the first answer
  });
});
