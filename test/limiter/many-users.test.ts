import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { lastValueFrom } from 'rxjs';
import { MiroApi } from '../../src/miro-api.js';
import type { RateLimitState } from '../../src/limiter/rate-limit-state.js';
import '../../src/node/index.js';
import { closeSharedCreditLimiters, sharedCreditLimiterCount } from '../../src/limiter/shared-credit-limiters.js';
import { openRedisConnections } from '../../src/limiter/redis/redis-connections.js';
import { startCreditServer } from './support/credit-server.js';
import { skipRedis, startRedisServer } from './support/redis-server.js';

const USERS = 100;
// Scaled: a 300 ms window, released 2 s after the last call.
const scaled = { budget: 100_000, windowMs: 300, idleReleaseMs: 2_000, resetMarginMs: 10 };

async function oneCallEach(url: string, rateLimit: object, users = USERS) {
  const apis = Array.from({ length: users }, (_, i) => new MiroApi(`user-${i}`, { baseUrl: url, rateLimit, retry: false }));
  await Promise.all(apis.map((api) => lastValueFrom(api.getSpecificBoard('b1'))));
  return apis;
}

afterEach(() => closeSharedCreditLimiters());

describe('many users in one process', () => {
  let server: Awaited<ReturnType<typeof startCreditServer>>;
  beforeAll(async () => {
    server = await startCreditServer({ limit: 10_000_000, resetAt: Date.now() + 3_600_000 });
  });
  afterAll(() => server.close());

  it('releases every idle budget, and a released budget serves its next call as a new one', async () => {
    const apis = await oneCallEach(server.url, scaled);
    expect(sharedCreditLimiterCount()).toBe(USERS);
    await vi.waitFor(() => expect(sharedCreditLimiterCount()).toBe(0), { timeout: 15_000, interval: 50 });
    // The same MiroApi keeps working: one limiter again for its budget, and only one.
    await Promise.all([lastValueFrom(apis[0]!.getSpecificBoard('b1')), lastValueFrom(apis[0]!.getSpecificBoard('b1'))]);
    const again = new MiroApi('user-0', { baseUrl: server.url, rateLimit: scaled, retry: false });
    await lastValueFrom(again.getSpecificBoard('b1'));
    expect(sharedCreditLimiterCount()).toBe(1);
  });

  it('releases an idle budget even while its state is watched; the watcher hears the budget made again', async () => {
    const [api] = await oneCallEach(server.url, scaled, 1);
    const seen: RateLimitState[] = [];
    let completed = false;
    const watching = api!.rateLimitState$.subscribe({ next: (state) => seen.push(state), complete: () => (completed = true) });
    // Before, a watcher kept the budget (its limiter, timers, Redis keys) alive for as long as it watched.
    await vi.waitFor(() => expect(sharedCreditLimiterCount()).toBe(0), { timeout: 15_000, interval: 50 });
    expect(completed).toBe(false);
    seen.length = 0;
    await lastValueFrom(api!.getSpecificBoard('b1'));
    expect(sharedCreditLimiterCount()).toBe(1);
    expect(seen.some((state) => state.sent === 1 && state.creditsSpent > 0)).toBe(true);
    watching.unsubscribe();
  });

  it('never releases a budget while a request is in flight', async () => {
    const slow = await startCreditServer({
      limit: 10_000_000,
      resetAt: Date.now() + 3_600_000,
      gate: () => new Promise((resolve) => setTimeout(resolve, 3_000)),
    });
    try {
      const api = new MiroApi('in-flight', { baseUrl: slow.url, rateLimit: { ...scaled, idleReleaseMs: 500 }, retry: false });
      const call = lastValueFrom(api.getSpecificBoard('b1'));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(sharedCreditLimiterCount()).toBe(1);
      await call;
    } finally {
      await slow.close();
    }
  });

  it('rejects a nonsense idle time with a message naming the option', () => {
    expect(() => new MiroApi('t', { baseUrl: server.url, rateLimit: { idleReleaseMs: -1 } })).toThrow(/rateLimit\.idleReleaseMs/);
  });
});

describe.skipIf(skipRedis)('many users in one process, on one Redis', () => {
  let server: Awaited<ReturnType<typeof startCreditServer>>;
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let admin: Redis;
  beforeAll(async () => {
    server = await startCreditServer({ limit: 10_000_000, resetAt: Date.now() + 3_600_000 });
    redis = await startRedisServer();
    admin = new Redis({ port: redis.port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    admin?.disconnect();
    await redis?.close();
    await server?.close();
  });

  // Every client but the test's own admin connection.
  const processConnections = async () =>
    String(await admin.client('LIST'))
      .trim()
      .split('\n').length - 1;

  it('options given as a fresh literal per client: 2 connections for all budgets, none once all are idle, keys expire', async () => {
    await oneCallEach(server.url, { ...scaled, idleReleaseMs: 3_000, redis: { port: redis.port, host: '127.0.0.1' } });
    expect(sharedCreditLimiterCount()).toBe(USERS);
    expect(openRedisConnections()).toBe(1);
    expect(await processConnections()).toBe(2);
    await vi.waitFor(() => expect(sharedCreditLimiterCount()).toBe(0), { timeout: 15_000, interval: 50 });
    await vi.waitFor(async () => expect(await processConnections()).toBe(0), { timeout: 15_000, interval: 50 });
    await vi.waitFor(async () => expect(await admin.dbsize()).toBe(0), { timeout: 15_000, interval: 100 });
  });

  it("a user's ioredis client is used as is: one subscriber duplicated from it for all budgets, and it stays open", async () => {
    const client = new Redis({ port: redis.port, host: '127.0.0.1' });
    const duplicate = vi.spyOn(client, 'duplicate');
    await oneCallEach(server.url, { ...scaled, idleReleaseMs: 3_000, redis: client });
    expect(duplicate).toHaveBeenCalledTimes(1);
    expect(await processConnections()).toBe(2);
    await vi.waitFor(() => expect(sharedCreditLimiterCount()).toBe(0), { timeout: 15_000, interval: 50 });
    await vi.waitFor(async () => expect(await processConnections()).toBe(1), { timeout: 15_000, interval: 50 });
    expect(await client.ping()).toBe('PONG'); // the user's client is theirs to close
    client.disconnect();
  });
});
