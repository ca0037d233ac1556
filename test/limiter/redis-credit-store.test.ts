import { describe, expect, it, vi } from 'vitest';
import { RedisCreditStore } from '../../src/limiter/redis/redis-credit-store.js';
import { beatingBudgets } from '../../src/limiter/redis/redis-heartbeat.js';
import { skipRedis, useRedisServer } from './support/redis-server.js';

describe.skipIf(skipRedis)('Redis credit store', () => {
  const redis = useRedisServer();

  // `processName` gives a store a connection of its own, as another process would have.
  const store = (id: string, maxConcurrent = 2000, processName = 'this') =>
    new RedisCreditStore({ id, budget: 2000, windowMs: 2000, maxConcurrent, redis: { port: redis.port, host: '127.0.0.1', connectionName: processName } });
  const commandsProcessed = async () => Number(/total_commands_processed:(\d+)/.exec(await redis.admin.info('stats'))![1]);

  it('budgets with nothing queued send Redis nothing while they wait: no heartbeat per budget', async () => {
    const stores = Array.from({ length: 50 }, (_, i) => store(`quiet-${i}`));
    await Promise.all(stores.map((s) => s.limiter.ready()));
    const before = await commandsProcessed();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Bottleneck's own heartbeat would have run 50 budgets x 4 scripts; only the INFO calls remain.
    expect((await commandsProcessed()) - before).toBeLessThanOrEqual(2);
    expect(beatingBudgets()).toBe(0);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('a budget with calls queued beats every 250 ms from the one process timer, and stops once nothing is queued', async () => {
    const s = store('queued-beat');
    await s.limiter.ready();
    const beats = vi.spyOn((s.limiter as unknown as { _store: { runScript(name: string): Promise<unknown> } })._store, 'runScript');
    const job = s.limiter.schedule({ weight: 100 }, () => Promise.resolve()); // the reservoir is closed: it waits
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(beatingBudgets()).toBe(1);
    const heartbeats = () => beats.mock.calls.filter(([name]) => name === 'heartbeat').length;
    expect(heartbeats()).toBeGreaterThanOrEqual(3);
    expect(heartbeats()).toBeLessThanOrEqual(5);
    await s.probe(100);
    await job;
    await vi.waitFor(() => expect(beatingBudgets()).toBe(0), { timeout: 2_000 });
    await s.close();
  });

  it('credits in flight in a crashed process come back to a process waiting for them, once its jobs expire', async () => {
    const crashed = store('crash', 500, 'crashed');
    const survivor = store('crash', 500, 'survivor');
    await crashed.probe(1000); // window unknown: open exactly 1,000 credits
    void crashed.limiter.schedule({ weight: 500, expiration: 300 }, () => new Promise(() => undefined)).catch(() => undefined);
    await vi.waitFor(async () => expect(Number(await redis.admin.hget('b_crash_settings', 'running'))).toBe(500), { timeout: 5_000 });
    // The process dies: its sockets close, so no free() will ever come from it (not even the one
    // Bottleneck sends itself when the job expires). The survivor's call needs its concurrency.
    await (crashed.limiter as unknown as { _store: { connection: { disconnect(flush: boolean): Promise<void> } } })._store.connection.disconnect(false);
    const granted = survivor.limiter.schedule({ weight: 500 }, () => Promise.resolve('sent'));
    // Nobody else talks to Redis: the survivor's heartbeat expires the job and gives the capacity back.
    await expect(granted).resolves.toBe('sent');
    expect(Number(await redis.admin.hget('b_crash_settings', 'running'))).toBe(0);
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
    await b.roll(resetAt, 0);
    expect(Number(await redis.admin.hget('b_shared-window_settings', 'reservoir'))).toBe(2000);
    await a.roll(resetAt, 0); // the other process's timer for the same reset changes nothing
    await a.report({ remaining: 0, resetAt, limit: 2000 }, 0); // answer from before the roll: stale
    expect(Number(await redis.admin.hget('b_shared-window_settings', 'reservoir'))).toBe(2000);
    await a.close();
    await b.close();
  });

  it('a roll holds back the late credits it is given, as the local store does', async () => {
    const s = store('late-credits');
    const resetAt = Date.now() + 60_000;
    await s.report({ remaining: 300, resetAt, limit: 2000 }, 0);
    await s.roll(resetAt, 150);
    expect(Number(await redis.admin.hget('b_late-credits_settings', 'reservoir'))).toBe(2000 - 150);
    await s.close();
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
