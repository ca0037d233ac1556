import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastValueFrom } from 'rxjs';
import { MiroApi } from '../../src/miro-api.js';
import '../../src/node/index.js';
import { MiroNetworkError } from '../../src/errors/miro-errors.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { startCreditServer } from './support/credit-server.js';
import { skipRedis, startRedisServer } from './support/redis-server.js';

describe.skipIf(skipRedis)('cluster mode: Redis goes away while calls are queued', () => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let server: Awaited<ReturnType<typeof startCreditServer>>;
  let redis: Awaited<ReturnType<typeof startRedisServer>> | undefined;
  let answered = 0;
  beforeAll(async () => {
    // The first answer is held, so that the calls behind it are queued when Redis goes away.
    server = await startCreditServer({ limit: 10_000_000, resetAt: Date.now() + 3_600_000, gate: () => (answered++ === 0 ? held : undefined) });
    redis = await startRedisServer();
  });
  afterAll(async () => {
    release();
    await closeSharedCreditLimiters();
    await redis?.close();
    await server?.close();
  });

  it('queued calls fail with ERR_LIMITER_STORE, nothing sent, once they have waited maxWaitMs', async () => {
    // One GET (50 credits) in flight at a time: the other five wait in the Redis-backed queue.
    // ERR_LIMITER_STORE says nothing was sent, so the retry queues each call once more: two
    // waits of maxWaitMs (2 s) plus the once-a-second check, about 7 s in all.
    const rateLimit = { budget: 100_000, windowMs: 1_000, maxConcurrent: 50, redis: { port: redis!.port, host: '127.0.0.1' } };
    const api = new MiroApi('outage-user', { baseUrl: server.url, rateLimit, retry: { maxRateLimitWaitMs: 2_000, retries: 1 }, timeoutMs: 5_000 });
    const calls = Array.from({ length: 6 }, () =>
      lastValueFrom(api.getSpecificBoard('b1')).then(
        () => 'ok' as const,
        (error: unknown) => error,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const port = redis!.port;
    await redis!.close();
    redis = undefined;
    release();
    const startedAt = Date.now();
    const outcomes = await Promise.race([
      Promise.all(calls),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('queued calls still pending 20 s after Redis went away')), 20_000)),
    ]);
    expect(outcomes[0]).toBe('ok');
    const failures = outcomes.slice(1);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(MiroNetworkError);
      expect(failure).toMatchObject({ code: 'ERR_LIMITER_STORE', sent: false });
    }
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    expect(server.requests.length).toBe(1);
    redis = await startRedisServer(port); // the outage ends before the suite closes its limiters
  }, 30_000);
});
