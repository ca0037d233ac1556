import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, merge } from 'rxjs';
import '../../src/node/index.js';
import { MiroApi } from '../../src/index.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { startCreditServer } from './support/credit-server.js';
import { skipRedis, startRedisServer } from './support/redis-server.js';

const stickies = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'sticky_note' as const, data: { content: `n${i}` } }));

describe.skipIf(skipRedis)('backfilling in cluster mode', () => {
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  const servers: { close: () => Promise<void> }[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await closeSharedCreditLimiters();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('reads behind a bulk call that cannot fit go now, through the shared reservoir', async () => {
    const server = await startCreditServer({ limit: 2000, resetAt: Math.ceil(Date.now() / 1000) * 1000 + 120_000 });
    servers.push(server);
    const api = new MiroApi('cluster-backfill', {
      baseUrl: server.url,
      rateLimit: { budget: 2000, windowMs: 120_000, redis: { port: redis.port, host: '127.0.0.1' } },
    });
    await firstValueFrom(api.getSpecificBoard('b1')); // 1,950 left
    const heavy = api.createItems('b1', stickies(20)).subscribe();
    const reads = merge(...Array.from({ length: 10 }, () => api.getSpecificBoard('b1'))).subscribe();
    await vi.waitFor(() => expect(server.requests).toHaveLength(11), { timeout: 5_000 });
    expect(server.requests.every((r) => r.method === 'GET' && r.status === 200)).toBe(true);
    heavy.unsubscribe();
    reads.unsubscribe();
    // Let the drop of the queued bulk call reach Redis before the connection closes.
    await vi.waitFor(async () => expect(await firstValueFrom(api.rateLimitState$)).toMatchObject({ queued: 0 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
});
