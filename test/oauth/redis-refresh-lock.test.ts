/**
 * The Redis lock behind `RedisTokenStorage.lockRefresh`: one owner at a time, renewed while
 * held, expiring when its holder stops, released only by its owner, waits bounded.
 */
import { describe, expect, it } from 'vitest';
import { type LockClient, RedisLock } from '../../src/node/redis-refresh-lock.js';
import { skipRedis, useRedisServer } from '../limiter/support/redis-server.js';
import { closedPortUrl } from '../support/closed-port.js';
import { Redis } from 'ioredis';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(skipRedis)('RedisLock against redis-server', () => {
  const redis = useRedisServer();
  let n = 0;
  const key = () => `test:lock:${++n}`;

  it('has one owner at a time: a second taker waits, and gives up after waitMs saying the lock was held', async () => {
    const lockKey = key();
    const first = await RedisLock.acquire(redis.admin, lockKey, { ttlMs: 1_000, waitMs: 100 });
    const started = Date.now();
    await expect(RedisLock.acquire(redis.admin, lockKey, { ttlMs: 1_000, waitMs: 150 })).rejects.toThrow(
      'the lock was not free within 150 ms: another process held it',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(await redis.admin.get(lockKey)).toBe(first.owner);
    await first.release();
    const second = await RedisLock.acquire(redis.admin, lockKey, { ttlMs: 1_000, waitMs: 100 });
    expect(second.owner).not.toBe(first.owner);
    await second.release();
  });

  it('is renewed while held, so a holder slower than ttlMs keeps it', async () => {
    const lockKey = key();
    const lock = await RedisLock.acquire(redis.admin, lockKey, { ttlMs: 150, waitMs: 100 });
    await expect(RedisLock.acquire(redis.admin, lockKey, { ttlMs: 150, waitMs: 600 })).rejects.toThrow(/another process held it/);
    expect(lock.held).toBe(true);
    expect(await redis.admin.get(lockKey)).toBe(lock.owner);
    await lock.release();
    expect(await redis.admin.exists(lockKey)).toBe(0);
  });

  it('expires when its holder stops renewing (a process that died): the next taker gets it within ttlMs', async () => {
    const lockKey = key();
    // What a dead holder leaves behind: its value, with the expiry it last set, never renewed.
    await redis.admin.set(lockKey, 'dead-holder', 'PX', 250);
    const started = Date.now();
    const lock = await RedisLock.acquire(redis.admin, lockKey, { ttlMs: 1_000, waitMs: 2_000 });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(200);
    expect(waited).toBeLessThan(900);
    await lock.release();
  });

  it('is released only by its owner: a holder whose lock expired and was taken leaves the new owner’s lock alone', async () => {
    const lockKey = key();
    const stale = await RedisLock.acquire(redis.admin, lockKey, { ttlMs: 120, waitMs: 100 });
    // The stale holder stalls (its renewals stop reaching Redis) and its lock expires.
    await redis.admin.del(lockKey);
    const owner = await RedisLock.acquire(redis.admin, lockKey, { ttlMs: 1_000, waitMs: 100 });
    await sleep(100); // a renewal tick of the stale holder finds the lock someone else's
    expect(stale.held).toBe(false);
    await stale.release();
    expect(await redis.admin.get(lockKey)).toBe(owner.owner);
    expect(await redis.admin.pttl(lockKey)).toBeGreaterThan(500);
    await owner.release();
    expect(await redis.admin.exists(lockKey)).toBe(0);
  });

  it('stops waiting when its signal aborts', async () => {
    const lockKey = key();
    const holder = await RedisLock.acquire(redis.admin, lockKey, { ttlMs: 1_000, waitMs: 100 });
    const abort = new AbortController();
    const waiting = RedisLock.acquire(redis.admin, lockKey, { ttlMs: 1_000, waitMs: 5_000, signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    const started = Date.now();
    await expect(waiting).rejects.toThrow('gave up waiting for the lock');
    expect(Date.now() - started).toBeLessThan(1_000);
    await holder.release();
  });
});

describe('RedisLock when Redis does not answer in time', () => {
  it('gives up after waitMs saying so, and gives back a lock granted after that', async () => {
    const scripts: string[] = [];
    // A Redis whose first reply comes long after the taker stopped waiting.
    const slow: LockClient = {
      eval: (script, _keys, ...args) => {
        scripts.push(`${script.includes("'DEL'") ? 'release' : 'acquire'} ${String(args[0])}`);
        return new Promise((resolve) => setTimeout(() => resolve(1), 150));
      },
    };
    await expect(RedisLock.acquire(slow, 'k', { ttlMs: 1_000, waitMs: 60 })).rejects.toThrow('the lock was not free within 60 ms: Redis did not answer');
    await sleep(250);
    const owner = scripts[0]!.split(' ')[1];
    expect(scripts).toEqual([`acquire ${owner}`, `release ${owner}`]);
  });

  it('against a closed port, fails within waitMs', async () => {
    const client = new Redis({ port: Number(new URL(await closedPortUrl()).port), host: '127.0.0.1', maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    const started = Date.now();
    await expect(RedisLock.acquire(client, 'k', { ttlMs: 1_000, waitMs: 300 })).rejects.toThrow(/^the lock was not free within 300 ms: Redis/);
    expect(Date.now() - started).toBeLessThan(1_000);
    client.disconnect();
  });
});
