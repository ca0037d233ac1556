/**
 * Cancelling queued requests in cluster mode: the job leaves this process's queue and Redis's
 * count of it, so a cancelled request spends nothing and holds no one up, in any process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, merge, toArray, type Subscription } from 'rxjs';
import { Redis } from 'ioredis';
import { MiroApi } from '../../src/index.js';
import '../../src/node/index.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { skipRedis, startRedisServer } from './support/redis-server.js';

describe.skipIf(skipRedis)('cancelling queued requests in cluster mode', () => {
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let admin: Redis;
  let sim: MiroSimulator;
  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis({ port: redis.port, host: '127.0.0.1' });
    sim = await startMiroSimulator({ tokens: ['cluster-cancel'], rateLimit: { budget: 2000, windowMs: 2000 } });
  });
  afterAll(async () => {
    await closeSharedCreditLimiters();
    admin?.disconnect();
    await sim?.close();
    await redis?.close();
  });

  it('random unsubscribes while queued: nothing charged for requests never sent, none left queued in Redis', async () => {
    const board = sim.state.createBoard({ name: 'c' });
    const api = new MiroApi('cluster-cancel', {
      baseUrl: sim.url,
      scimBaseUrl: `${sim.url}/scim`,
      rateLimit: { budget: 2000, windowMs: 2000, redis: { port: redis.port, host: '127.0.0.1' } },
    });
    const subscriptions: Subscription[] = [];
    const answered = new Set<number>();
    for (let i = 0; i < 150; i += 1) subscriptions.push(api.getSpecificBoard(board.id).subscribe({ next: () => answered.add(i) }));
    // Redis counts this process's queued jobs (it decides who gets new capacity): they are there.
    const queuedInRedis = async () => {
      const [settings] = await admin.keys('b_*_settings');
      const counts = await admin.hgetall(settings!.replace(/_settings$/, '_client_num_queued'));
      return Object.values(counts)
        .map(Number)
        .reduce((a, b) => a + b, 0);
    };
    await expect.poll(queuedInRedis, { timeout: 5_000 }).toBeGreaterThan(50);
    // Cancel two thirds of them, spread over the queue, while most still wait for credits.
    subscriptions.forEach((s, i) => i % 3 !== 0 && s.unsubscribe());
    await lastValueFrom(merge(...Array.from({ length: 3 }, () => api.getSpecificBoard(board.id))).pipe(toArray()));
    const state = await firstValueFrom(api.rateLimitState$);
    expect(state.cancelled).toBeGreaterThan(0);
    // The limiter charged exactly what reached the server, and every kept request was answered.
    expect(state.sent).toBe(sim.requestLog.length);
    expect(state.creditsSpent).toBe(sim.requestLog.reduce((sum, e) => sum + (e.status === 429 ? 50 : e.credits), 0));
    const kept = subscriptions.map((_, i) => i).filter((i) => i % 3 === 0);
    await expect.poll(() => kept.filter((i) => !answered.has(i)), { timeout: 20_000 }).toEqual([]);
    expect(state.queued).toBe(0);
    // Redis's view of the cluster agrees: nothing queued, nothing running.
    const [settings] = await admin.keys('b_*_settings');
    await expect.poll(async () => Number(await admin.hget(settings!, 'running')), { timeout: 5_000 }).toBe(0);
    expect(await queuedInRedis()).toBe(0);
    subscriptions.forEach((s) => s.unsubscribe());
  }, 60_000);
});
