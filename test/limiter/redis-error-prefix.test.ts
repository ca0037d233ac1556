import { describe, expect, it } from 'vitest';
import Bottleneck from 'bottleneck';
import { stripRedis7ErrorPrefix } from '../../src/limiter/redis/redis-error-prefix.js';
import { skipRedis, useRedisServer } from './support/redis-server.js';

// Each case is reproduced twice: with Bottleneck as shipped (fails on Redis 7, proving the case is
// real here) and with the wrapper (recovers).
describe.skipIf(skipRedis)("Redis 7 'ERR ' prefix workaround", () => {
  const redis = useRedisServer();

  async function makeLimiter(id: string, patched: boolean) {
    const connection = new Bottleneck.IORedisConnection({ clientOptions: { port: redis.port, host: '127.0.0.1' } });
    if (patched) stripRedis7ErrorPrefix(connection);
    const limiter = new Bottleneck({ id, datastore: 'ioredis', connection, maxConcurrent: 5 });
    limiter.on('error', () => undefined);
    await limiter.ready();
    return { limiter, close: () => connection.disconnect(false) };
  }

  it('a client dropped as unresponsive (event loop stalled past clientTimeout) registers again', async () => {
    for (const patched of [false, true]) {
      const id = `unknown-client-${patched}`;
      const { limiter, close } = await makeLimiter(id, patched);
      // What Bottleneck's tick does to a client silent for longer than clientTimeout.
      const clientId = (limiter as unknown as { _store: { clientId: string } })._store.clientId;
      await redis.admin.zrem(`b_${id}_client_last_seen`, clientId);
      const outcome = await limiter.schedule(() => Promise.resolve('ran')).catch((e: Error) => e.message);
      expect(outcome).toBe(patched ? 'ran' : 'ERR UNKNOWN_CLIENT');
      await close();
    }
  });

  it('a lost settings key is recreated instead of failing every job for good', async () => {
    for (const patched of [false, true]) {
      const id = `lost-settings-${patched}`;
      const { limiter, close } = await makeLimiter(id, patched);
      await redis.admin.del(`b_${id}_settings`);
      const outcome = await limiter.schedule(() => Promise.resolve('ran')).catch((e: Error) => e.message);
      expect(outcome).toBe(patched ? 'ran' : 'ERR SETTINGS_KEY_NOT_FOUND');
      await close();
    }
  });
});
