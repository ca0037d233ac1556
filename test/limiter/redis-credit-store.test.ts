import { describe, expect, it, vi } from 'vitest';
import { RedisCreditStore } from '../../src/node/redis-credit-store.js';
import { skipRedis, useRedisServer } from './support/redis-server.js';

describe.skipIf(skipRedis)('Redis credit store', () => {
  const redis = useRedisServer();

  const store = (id: string) =>
    new RedisCreditStore({ id, budget: 2000, windowMs: 2000, maxConcurrent: 2000, redis: { port: redis.port, host: '127.0.0.1' } });

  it('beats every 250 ms, so that capacity moves between processes within a short window', () => {
    const s = store('heartbeat');
    expect((s.limiter as unknown as { _store: { heartbeatInterval: number } })._store.heartbeatInterval).toBe(250);
    return s.close();
  });

  it('credits in flight in a crashed process come back once its jobs expire', async () => {
    const crashed = store('crash');
    const survivor = store('crash');
    await crashed.probe(500); // window unknown: open exactly 500 credits
    void crashed.limiter.schedule({ weight: 500, expiration: 300 }, () => new Promise(() => undefined)).catch(() => undefined);
    await vi.waitFor(async () => expect(Number(await redis.admin.hget('b_crash_settings', 'running'))).toBe(500), { timeout: 5_000 });
    // The process dies: no free() will ever come from it.
    await crashed.limiter.disconnect(false);
    // The survivor's heartbeat expires the job and gives the capacity back.
    await vi.waitFor(async () => expect(Number(await redis.admin.hget('b_crash_settings', 'running'))).toBe(0), { timeout: 5_000 });
    await survivor.close();
    await crashed.close().catch(() => undefined);
  });

  it('keeps one window for all processes: a stale report from one does not reopen credits another spent', async () => {
    const a = store('shared-window');
    const b = store('shared-window');
    const resetAt = Date.now() + 60_000;
    await a.report({ remaining: 300, resetAt, limit: 2000 }, 0);
    expect(Number(await redis.admin.hget('b_shared-window_settings', 'reservoir'))).toBe(300);
    await b.report({ remaining: 900, resetAt, limit: 2000 }, 0); // older answer, arrived late
    expect(Number(await redis.admin.hget('b_shared-window_settings', 'reservoir'))).toBe(300);
    expect(b.window.confirmedResetAt).toBe(resetAt);
    await b.roll(resetAt);
    expect(Number(await redis.admin.hget('b_shared-window_settings', 'reservoir'))).toBe(2000);
    await a.roll(resetAt); // the other process's timer for the same reset changes nothing
    await a.report({ remaining: 0, resetAt, limit: 2000 }, 0); // answer from before the roll: stale
    expect(Number(await redis.admin.hget('b_shared-window_settings', 'reservoir'))).toBe(2000);
    await a.close();
    await b.close();
  });

  it('an answer overtaken by a newer one gives back the credits held for its request', async () => {
    const s = store('overtaken');
    const reservoir = async () => Number(await redis.admin.hget('b_overtaken_settings', 'reservoir'));
    const resetAt = Date.now() + 60_000;
    await s.probe(1000); // window unknown: open exactly 1,000 credits
    const release: Array<() => void> = [];
    const call = () => s.limiter.schedule({ weight: 500 }, () => new Promise<void>((done) => release.push(done)));
    const [a, b] = [call(), call()];
    await vi.waitFor(async () => expect(Number(await redis.admin.hget('b_overtaken_settings', 'running'))).toBe(1000), { timeout: 5_000 });
    // The server handles A (1,500 left) then B (1,000 left), but B's answer is read first.
    await s.report({ remaining: 1000, resetAt, limit: 2000 }, 500);
    expect(await reservoir()).toBe(500); // A, already counted in B's 1,000, is still held as in flight
    release[1]!();
    await b;
    await s.report({ remaining: 1500, resetAt, limit: 2000 }, 500); // A's answer: stale
    expect(await reservoir()).toBe(1000); // what the server has left, nothing held twice
    release[0]!();
    await a;
    expect(await reservoir()).toBe(1000);
    await s.close();
  });
});
