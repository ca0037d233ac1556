import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import Bottleneck from 'bottleneck';
import LightBottleneck from 'bottleneck/light.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BACKFILL_LOOKAHEAD,
  beatOnce,
  controlQueue,
  dropQueuedJob,
  moveReservoir,
  recreateRedisBudget,
  redisClientId,
  reservoirOf,
  runningOf,
  stopOwnHeartbeat,
} from '../../src/limiter/bottleneck-queue-control.js';
import { skipRedis, useRedisServer } from './support/redis-server.js';

// Each behaviour miro-rx adds to Bottleneck, pinned on the one version it patches: an upgrade
// that moves a private member fails here, not in a user's migration.

const limiters: Bottleneck[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(limiters.splice(0).map((limiter) => limiter.stop({ dropWaitingJobs: true }).catch(() => undefined)));
});

/** A local limiter with miro-rx's control, `reservoir` credits left in a window that still has `window`. */
function controlled(reservoir: number, window = reservoir, maxConcurrent = 100_000): Bottleneck {
  const limiter = new LightBottleneck({ reservoir, maxConcurrent });
  controlQueue(limiter, () => window, true);
  limiters.push(limiter);
  return limiter;
}

const held = () => {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
};

describe('Bottleneck 2.19.5, as miro-rx extends it', () => {
  it('is the pinned version, in the package and in what is installed', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies.bottleneck).toBe('2.19.5');
    expect((createRequire(import.meta.url)('bottleneck/package.json') as { version: string }).version).toBe('2.19.5');
  });

  it('backfill: a job behind a head that cannot fit this window goes now; the head keeps its place', async () => {
    const limiter = controlled(100);
    const order: string[] = [];
    const job = (id: string, weight: number) => limiter.schedule({ id, weight }, async () => void order.push(id)).catch(() => undefined);
    void job('heavy', 500);
    void job('small', 60);
    void job('too-big-now', 60); // 40 left
    await vi.waitFor(() => expect(order).toEqual(['small']));
    moveReservoir(limiter, 520); // 560: the head first, then what is left fits the next
    await vi.waitFor(() => expect(order).toEqual(['small', 'heavy', 'too-big-now']));
  });

  it('backfill: nothing overtakes a head that waits only for credits in flight (maxConcurrent)', async () => {
    const limiter = controlled(1100, 1100, 600);
    const order: string[] = [];
    const slow = held();
    const job = (id: string, weight: number, task: () => Promise<void>) => limiter.schedule({ id, weight }, task).catch(() => undefined);
    void job('slow', 500, () => (order.push('slow'), slow.promise));
    void job('head', 500, async () => void order.push('head'));
    void job('small', 50, async () => void order.push('small'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['slow']);
    slow.release();
    await vi.waitFor(() => expect(order).toEqual(['slow', 'head', 'small']));
  });

  it(`backfill looks at most ${BACKFILL_LOOKAHEAD} jobs past the head, so a drain costs the same whatever the queue's length`, async () => {
    const limiter = controlled(100);
    const order: string[] = [];
    const job = (id: string, weight: number) => limiter.schedule({ id, weight }, async () => void order.push(id)).catch(() => undefined);
    void job('head', 500);
    for (let n = 0; n < BACKFILL_LOOKAHEAD; n += 1) void job(`heavy-${n}`, 500);
    void job('beyond', 10);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    expect(limiter.queued()).toBe(BACKFILL_LOOKAHEAD + 2);
  });

  it('drop: one queued job leaves the queue and its promise rejects; a job already running is not dropped', async () => {
    const limiter = controlled(100);
    const running = held();
    void limiter.schedule({ id: 'running', weight: 100 }, () => running.promise).catch(() => undefined);
    const queued = limiter.schedule({ id: 'queued', weight: 10 }, async () => 'sent');
    await vi.waitFor(() => expect(limiter.queued()).toBe(1));
    await expect(dropQueuedJob(limiter, 'queued')).resolves.toBe(true);
    await expect(queued).rejects.toThrow();
    expect(limiter.queued()).toBe(0);
    await expect(dropQueuedJob(limiter, 'running')).resolves.toBe(false);
    running.release();
  });

  it('the local reservoir and credits in flight read at once what Bottleneck reports through its promises', async () => {
    const limiter = controlled(1000);
    const running = held();
    void limiter.schedule({ weight: 300 }, () => running.promise).catch(() => undefined);
    await vi.waitFor(() => expect(runningOf(limiter)).toBe(300));
    expect(reservoirOf(limiter)).toBe(await limiter.currentReservoir());
    expect(reservoirOf(limiter)).toBe(700);
    expect(runningOf(limiter)).toBe(await limiter.running());
    running.release();
    await vi.waitFor(() => expect(runningOf(limiter)).toBe(0));
  });

  it('moving the reservoir takes effect before the next line, and grants what now fits', async () => {
    const limiter = controlled(0);
    const granted = limiter.schedule({ weight: 50 }, async () => 'sent');
    moveReservoir(limiter, 80);
    expect(reservoirOf(limiter)).toBe(80);
    await expect(granted).resolves.toBe('sent');
    expect(reservoirOf(limiter)).toBe(30);
  });

  it('grants without timer yields: a job runs with timers frozen (Bottleneck alone waits for a timer)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'setImmediate'] });
    const plain = new LightBottleneck({ reservoir: 100 });
    limiters.push(plain);
    let plainRan = false;
    void plain.schedule(async () => void (plainRan = true)).catch(() => undefined);
    const limiter = controlled(100);
    await expect(limiter.schedule({ weight: 10 }, async () => 'ran')).resolves.toBe('ran');
    expect(plainRan).toBe(false);
    await vi.runAllTimersAsync();
    expect(plainRan).toBe(true);
  });

  it('events: without a listener they build nothing; a listener still hears them; the queue no longer refs a heartbeat', async () => {
    const limiter = controlled(100);
    const events = (limiter as unknown as { Events: { trigger: (name: string) => Promise<unknown> } }).Events;
    expect(events.trigger('queued')).toBe(events.trigger('done'));
    const queues = (limiter as unknown as { _queues: { Events: { _events: Record<string, unknown> } } })._queues.Events;
    expect(queues._events.leftzero).toBeUndefined();
    expect(queues._events.zero).toBeUndefined();
    const heard: string[] = [];
    limiter.on('done', () => void heard.push('done'));
    await limiter.schedule({ id: 'one', weight: 1 }, async () => undefined);
    await vi.waitFor(() => expect(heard).toEqual(['done']));
  });
});

describe.skipIf(skipRedis)('Bottleneck 2.19.5 Redis datastore, as miro-rx uses it', () => {
  const redis = useRedisServer();

  it('client id, own heartbeat, one beat, and re-creating a budget Redis lost', async () => {
    const limiter = new Bottleneck({
      id: `pin-${Date.now()}`,
      datastore: 'ioredis',
      clientOptions: { host: '127.0.0.1', port: redis.port },
      reservoir: 0,
      clearDatastore: true,
    });
    limiter.on('error', () => undefined);
    try {
      await limiter.ready();
      expect(redisClientId(limiter)).toMatch(/\S/);
      const store = (limiter as unknown as { _store: { heartbeat?: { _destroyed?: boolean } } })._store;
      expect(store.heartbeat).toBeDefined();
      stopOwnHeartbeat(limiter);
      expect(store.heartbeat?._destroyed).toBe(true);
      await expect(beatOnce(limiter)).resolves.toBeDefined();
      const settings = `b_${(limiter as unknown as { id: string }).id}_settings`;
      await redis.admin.del(settings);
      await recreateRedisBudget(limiter);
      expect(await redis.admin.hget(settings, 'reservoir')).toBe('0');
    } finally {
      await limiter.disconnect(true);
    }
  });
});
