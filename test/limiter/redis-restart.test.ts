import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastValueFrom } from 'rxjs';
import { MiroApi } from '../../src/miro-api.js';
import '../../src/node/index.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { startCreditServer } from './support/credit-server.js';
import { skipRedis, startRedisServer } from './support/redis-server.js';

const USERS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(skipRedis)('cluster mode: redis-server restarted under load', () => {
  let server: Awaited<ReturnType<typeof startCreditServer>>;
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  beforeAll(async () => {
    server = await startCreditServer({ limit: 10_000_000, resetAt: Date.now() + 3_600_000 });
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await closeSharedCreditLimiters();
    await redis?.close();
    await server?.close();
  });

  it('every user resumes within seconds after each of 3 restarts; calls while it is down settle', async () => {
    const port = redis.port;
    const rateLimit = { budget: 100_000, windowMs: 1_000, resetMarginMs: 10, redis: { port, host: '127.0.0.1' } };
    const apis = Array.from({ length: USERS }, (_, i) => new MiroApi(`restart-${i}`, { baseUrl: server.url, rateLimit, retry: false, timeoutMs: 2_000 }));
    const outcomes = { ok: 0, failed: 0 };
    const lastOk = new Array<number>(USERS).fill(0);
    let running = true;
    // Each user keeps two calls going at all times; every call must settle (ok or error).
    const loops = apis.flatMap((api, user) =>
      [0, 1].map(async () => {
        while (running) {
          try {
            await lastValueFrom(api.getSpecificBoard('b1'));
            outcomes.ok += 1;
            lastOk[user] = Date.now();
          } catch {
            outcomes.failed += 1;
            await sleep(50);
          }
        }
      }),
    );
    await sleep(1_000);
    for (let restart = 0; restart < 3; restart += 1) {
      await redis.close();
      await sleep(700);
      redis = await startRedisServer(port);
      const backAt = Date.now();
      // Every user has an answer again within a few seconds of Redis coming back.
      const deadline = backAt + 8_000;
      while (lastOk.some((t) => t < backAt) && Date.now() < deadline) await sleep(100);
      expect(lastOk.filter((t) => t < backAt).length, `users without an answer 8 s after restart ${restart + 1}`).toBe(0);
    }
    running = false;
    // Every loop ends: no call waits forever.
    await Promise.race([Promise.all(loops), sleep(10_000).then(() => Promise.reject(new Error('calls still pending 10 s after the load stopped')))]);
    expect(outcomes.ok).toBeGreaterThan(USERS * 3);
  }, 90_000);
});
