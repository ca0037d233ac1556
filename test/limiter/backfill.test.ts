import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, merge } from 'rxjs';
import { MiroApi } from '../../src/index.js';
import { LocalCreditStore } from '../../src/limiter/local-credit-store.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { startCreditServer } from './support/credit-server.js';

const closers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await closeSharedCreditLimiters();
  await Promise.all(closers.splice(0).map((c) => c.close()));
});

const farReset = () => Math.ceil(Date.now() / 1000) * 1000 + 120_000;
const stickies = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'sticky_note' as const, data: { content: `n${i}` } }));

describe('backfilling', () => {
  it('reads behind a bulk call that cannot fit in what is left of the window go now', async () => {
    const server = await startCreditServer({ limit: 2000, resetAt: farReset() });
    closers.push(server);
    const api = new MiroApi('backfill', { baseUrl: server.url, rateLimit: { budget: 2000, windowMs: 120_000 } });
    await firstValueFrom(api.getSpecificBoard('b1')); // 1,950 left
    const heavy = api.createItems('b1', stickies(20)).subscribe(); // 2,000: starts at the next window
    const reads = merge(...Array.from({ length: 10 }, () => api.getSpecificBoard('b1'))).subscribe();
    // Before backfilling, all ten waited behind the bulk call for the reset two minutes away.
    await vi.waitFor(() => expect(server.requests).toHaveLength(11), { timeout: 3_000 });
    expect(server.requests.every((r) => r.method === 'GET' && r.status === 200)).toBe(true);
    heavy.unsubscribe();
    reads.unsubscribe();
  });

  it('the head keeps its place: it is first when the next window opens, and nothing overtakes what it could use', async () => {
    const store = new LocalCreditStore({ budget: 2000, windowMs: 2000, maxConcurrent: 2000 });
    closers.push(store);
    const resetAt = Date.now() + 60_000;
    await store.report({ remaining: 1950, resetAt, limit: 2000 }, 0);
    const order: string[] = [];
    const job = (name: string, weight: number) =>
      store.limiter
        .schedule({ id: name, weight }, async () => {
          order.push(name);
        })
        .catch(() => undefined); // the last job is dropped when the store closes
    void job('bulk', 2000);
    void job('read', 50);
    void job('list', 1900);
    void job('late-read', 50); // nothing left for it in this window
    await vi.waitFor(() => expect(order).toEqual(['read', 'list']));
    await store.roll(resetAt, 0);
    await vi.waitFor(() => expect(order).toEqual(['read', 'list', 'bulk']));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['read', 'list', 'bulk']); // the new window's 2,000 went to the head
  });

  it('does not backfill when the head waits only for credits in flight (maxConcurrent)', async () => {
    const store = new LocalCreditStore({ budget: 2000, windowMs: 2000, maxConcurrent: 1000 });
    closers.push(store);
    await store.report({ remaining: 2000, resetAt: Date.now() + 60_000, limit: 2000 }, 0);
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const job = (name: string, weight: number, wait?: Promise<void>) =>
      store.limiter
        .schedule({ id: name, weight }, async () => {
          order.push(name);
          await wait;
        })
        .catch(() => undefined); // the last job is dropped when the store closes
    void job('slow', 500, held);
    void job('head', 1000); // fits the window, not the concurrency until `slow` ends
    void job('small', 100);
    await vi.waitFor(() => expect(order).toEqual(['slow']));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['slow']);
    release();
    await vi.waitFor(() => expect(order).toEqual(['slow', 'head', 'small']));
  });
});
