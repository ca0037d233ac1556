import { afterEach, describe, expect, it } from 'vitest';
import { lastValueFrom, merge, toArray } from 'rxjs';
import { MiroApi } from '../../src/index.js';
import { LocalCreditStore } from '../../src/limiter/local-credit-store.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { RedisCreditStore } from '../../src/limiter/redis/redis-credit-store.js';
import { startCreditServer } from './support/credit-server.js';
import { skipRedis, useRedisServer } from './support/redis-server.js';

const stores: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await closeSharedCreditLimiters();
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

/** One answer of window T (limit `limit`, nothing spent), then the roll into the next window. */
async function nextWindowCredits(store: LocalCreditStore | RedisCreditStore, limit: number) {
  const resetAt = Date.now() + 60_000;
  await store.probe(0);
  await store.report({ remaining: limit, resetAt, limit }, 0);
  await store.roll(resetAt, 0);
  return store.creditsLeft;
}

describe('where the budget comes from (local)', () => {
  const local = (followServer: boolean) => {
    const store = new LocalCreditStore({ budget: 1000, windowMs: 2000, maxConcurrent: 1_000_000, followServer });
    stores.push(store);
    return store;
  };

  it('without an explicit budget, the next window has the limit the server advertises', async () => {
    const store = local(true);
    expect(await nextWindowCredits(store, 5000)).toBe(5000);
    expect(store.budget).toBe(5000);
  });

  it('an explicit budget is a cap, whatever the server says', async () => {
    expect(await nextWindowCredits(local(false), 5000)).toBe(1000);
  });

  it('a server limit below the budget lowers it in both modes', async () => {
    expect(await nextWindowCredits(local(true), 400)).toBe(400);
    expect(await nextWindowCredits(local(false), 400)).toBe(400);
  });
});

describe.skipIf(skipRedis)('where the budget comes from (Redis)', () => {
  const redis = useRedisServer();
  const shared = (id: string, followServer: boolean) => {
    const store = new RedisCreditStore({
      id,
      budget: 1000,
      windowMs: 2000,
      maxConcurrent: 1_000_000,
      followServer,
      redis: { port: redis.port, host: '127.0.0.1' },
    });
    stores.push(store);
    return store;
  };

  it('follows the server without an explicit budget, caps with one', async () => {
    await nextWindowCredits(shared('follow', true), 5000);
    expect(Number(await redis.admin.hget('b_follow_settings', 'reservoir'))).toBe(5000);
    await nextWindowCredits(shared('capped', false), 5000);
    expect(Number(await redis.admin.hget('b_capped_settings', 'reservoir'))).toBe(1000);
  });
});

describe('a server advertising more than the default budget', () => {
  it('reads past 100,000 credits in one window without waiting for the next', async () => {
    const server = await startCreditServer({ limit: 1_000_000, resetAt: Math.ceil(Date.now() / 1000) * 1000 + 120_000 });
    stores.push(server);
    // 2,100 reads of 50 credits = 105,000: over the default budget, well under the server's.
    const api = new MiroApi('big-budget', { baseUrl: server.url, rateLimit: { windowMs: 120_000 } });
    const calls = Array.from({ length: 2100 }, () => api.getSpecificBoard('b1'));
    const answers = await lastValueFrom(merge(...calls, 64).pipe(toArray()));
    expect(answers).toHaveLength(2100);
    expect(server.requests.every((r) => r.status === 200)).toBe(true);
  }, 60_000);
});
