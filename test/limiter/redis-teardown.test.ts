import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { lastValueFrom } from 'rxjs';
import { MiroApi } from '../../src/miro-api.js';
import '../../src/node/index.js';
import { closeSharedCreditLimiters, sharedCreditLimiterCount } from '../../src/limiter/shared-credit-limiters.js';
import { startCreditServer } from './support/credit-server.js';
import { skipRedis, startRedisServer } from './support/redis-server.js';

const USERS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Closing limiters, the idle sweep and budgets released and made again, while Redis is down or
 * just restarted: none may leave a promise rejected with nobody listening. Under Node's default
 * `--unhandled-rejections=throw` one such rejection (Bottleneck's or ioredis's "Connection is
 * closed") ends the service's process.
 */
describe.skipIf(skipRedis)('cluster mode: tearing down budgets while Redis is away', () => {
  let server: Awaited<ReturnType<typeof startCreditServer>>;
  let redis: Awaited<ReturnType<typeof startRedisServer>> | undefined;
  let port = 0;
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  beforeAll(async () => {
    server = await startCreditServer({ limit: 10_000_000, resetAt: Date.now() + 3_600_000 });
    process.on('unhandledRejection', record);
  });
  beforeEach(async () => {
    unhandled.length = 0;
    redis = await startRedisServer(port || undefined);
    port = redis.port;
  });
  afterEach(async () => {
    await closeSharedCreditLimiters();
    await redis?.close();
    redis = undefined;
  });
  afterAll(async () => {
    process.off('unhandledRejection', record);
    await server?.close();
  });

  // `maxRetriesPerRequest: 1`: ioredis fails the commands queued while Redis is down at its first
  // retry instead of after twenty (about 10 s), so that what they leave behind shows within the test.
  const redisOptions = () => ({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
  const usersOn = (rateLimit: object, prefix: string) =>
    Array.from(
      { length: USERS },
      (_, i) =>
        new MiroApi(`${prefix}-${i}`, {
          baseUrl: server.url,
          rateLimit: { windowMs: 1_000, resetMarginMs: 10, redis: redisOptions(), ...rateLimit },
          retry: false,
          timeoutMs: 2_000,
        }),
    );
  const settle = (call: Promise<unknown>) =>
    call.then(
      () => 'ok',
      (error: unknown) => error,
    );
  const killRedis = async () => {
    await redis!.close();
    redis = undefined;
  };
  const noUnhandled = async () => {
    await sleep(1_500); // rejections surface a few turns after the failure that causes them
    expect(unhandled.map(String)).toEqual([]);
  };

  it('closing every limiter with calls queued, Redis up', async () => {
    const apis = usersOn({ budget: 100, maxConcurrent: 50 }, 'queued');
    const calls = apis.flatMap((api) => [0, 1, 2].map(() => settle(lastValueFrom(api.getSpecificBoard('b1')))));
    await sleep(300);
    await closeSharedCreditLimiters();
    await noUnhandled();
    void calls;
  });

  // Issue 11's hang: the probe's answer found the connection closed, and probe, reject, probe
  // looped without ever yielding (a worker at full CPU; this sleep never ended). The failing
  // form of this case is test/limiter/window-probe.test.ts, which bounds the loop.
  it('closing every limiter while a probe is out with calls queued behind it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const gated = await startCreditServer({ limit: 10_000_000, resetAt: Date.now() + 3_600_000, gate: () => held });
    const api = new MiroApi('probe-out', {
      baseUrl: gated.url,
      rateLimit: { budget: 100, maxConcurrent: 50, windowMs: 1_000, redis: redisOptions() },
      retry: false,
      timeoutMs: 2_000,
    });
    const calls = [0, 1, 2].map(() => settle(lastValueFrom(api.getSpecificBoard('b1'))));
    await vi.waitFor(() => expect(gated.requests).toHaveLength(1), { timeout: 5_000, interval: 20 });
    await closeSharedCreditLimiters();
    release();
    await noUnhandled();
    void calls;
    await gated.close();
  });

  it('closing every limiter after Redis was killed', async () => {
    const apis = usersOn({}, 'closed');
    await Promise.all(apis.map((api) => lastValueFrom(api.getSpecificBoard('b1'))));
    await killRedis();
    await sleep(200);
    await closeSharedCreditLimiters();
    await noUnhandled();
  });

  it('closing every limiter while calls are queued and Redis was killed', async () => {
    const apis = usersOn({ budget: 100, maxConcurrent: 50 }, 'queued-down');
    const calls = apis.flatMap((api) => [0, 1, 2].map(() => settle(lastValueFrom(api.getSpecificBoard('b1')))));
    await sleep(300);
    await killRedis();
    await sleep(200);
    await closeSharedCreditLimiters();
    await noUnhandled();
    void calls;
  });

  it('the idle sweep releasing every budget after Redis was killed', async () => {
    const apis = usersOn({ idleReleaseMs: 1_000 }, 'swept');
    await Promise.all(apis.map((api) => lastValueFrom(api.getSpecificBoard('b1'))));
    await killRedis();
    await vi.waitFor(() => expect(sharedCreditLimiterCount()).toBe(0), { timeout: 10_000, interval: 50 });
    await noUnhandled();
  });

  it('budgets released and made again while Redis is down, then Redis back: every user is served again', async () => {
    const apis = usersOn({ idleReleaseMs: 1_000, maxWaitMs: 1_500 }, 'again');
    await Promise.all(apis.map((api) => lastValueFrom(api.getSpecificBoard('b1'))));
    await killRedis();
    await vi.waitFor(() => expect(sharedCreditLimiterCount()).toBe(0), { timeout: 10_000, interval: 50 });
    // Calls while Redis is down make the budgets again; they settle (fail: the store is not answering).
    const whileDown = await Promise.all(apis.map((api) => settle(lastValueFrom(api.getSpecificBoard('b1')))));
    expect(whileDown.filter((outcome) => outcome === 'ok')).toEqual([]);
    redis = await startRedisServer(port);
    await servedWithinSeconds(apis);
    await vi.waitFor(() => expect(sharedCreditLimiterCount()).toBe(0), { timeout: 10_000, interval: 50 });
    await noUnhandled();
  }, 60_000);

  // Issue 11: the new budgets' subscribes went out during the subscriber's reconnect handshake and
  // failed its ready check ("Connection in subscriber mode"; see redis-handshake.ts).
  it('budgets made again while Redis is down whose handshake fails for good are made afresh once Redis is back', async () => {
    // One watched budget keeps the process's connection open, so the new budgets' handshakes wait
    // in ioredis's offline queue, which fails them. Released only after a minute: the idle sweep
    // does not make them afresh within the test.
    const rateLimit = { idleReleaseMs: 60_000, maxWaitMs: 1_500 };
    const [keeper] = usersOn(rateLimit, 'keeper');
    await lastValueFrom(keeper!.getSpecificBoard('b1'));
    const watching = keeper!.rateLimitState$.subscribe();
    await killRedis();
    const apis = usersOn(rateLimit, 'handshake'); // a client makes its budget's limiter at once
    const whileDown = await Promise.all(apis.map((api) => settle(lastValueFrom(api.getSpecificBoard('b1')))));
    expect(whileDown.filter((outcome) => outcome === 'ok')).toEqual([]);
    redis = await startRedisServer(port);
    await servedWithinSeconds(apis);
    watching.unsubscribe();
    await noUnhandled();
  }, 60_000);

  async function servedWithinSeconds(apis: MiroApi[]) {
    const backAt = Date.now();
    const afterRestart = await Promise.all(apis.map((api) => settle(lastValueFrom(api.getSpecificBoard('b1')))));
    expect(afterRestart.filter((outcome) => outcome !== 'ok').map(String)).toEqual([]);
    expect(Date.now() - backAt).toBeLessThan(5_000);
  }
});
