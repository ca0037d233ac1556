import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BoardJobData } from '../../examples/migrate-fleet/src/board-job.js';
import { ownerShouldWait, takingTurns } from '../../examples/migrate-fleet/src/owner-turns.js';
import { skipRedis, useRedisServer } from '../limiter/support/redis-server.js';

/**
 * Boards take turns by owner: BullMQ hands out jobs in queue order, so a worker that finished one
 * owner's board would take a busy owner's next board while another owner's board waits, leaving
 * that owner's budget idle. The copy of each board here is a promise the test settles.
 */
describe.skipIf(skipRedis)('migrate-fleet: boards take turns by owner', () => {
  const server = useRedisServer();
  let redis: Redis;
  let queue: Queue<BoardJobData>;
  let workers: Worker<BoardJobData>[];
  let started: string[];
  let release: Map<string, () => void>;

  beforeEach(() => {
    redis = new Redis({ port: server.port, host: '127.0.0.1', maxRetriesPerRequest: null });
    queue = new Queue<BoardJobData>(`turns-${Date.now()}`, { connection: redis });
    started = [];
    release = new Map();
    workers = [];
  });
  afterEach(async () => {
    for (const done of release.values()) done();
    await Promise.all(workers.map((worker) => worker.close()));
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
  });

  const startWorkers = (count: number) => {
    for (let n = 0; n < count; n++) {
      const copy = (job: { data: BoardJobData }) =>
        new Promise<void>((resolve) => {
          started.push(job.data.source);
          release.set(job.data.source, resolve);
        });
      workers.push(new Worker<BoardJobData>(queue.name, takingTurns(queue, copy), { connection: redis, concurrency: 1 }));
    }
  };
  const startedCount = async (count: number) => {
    const deadline = Date.now() + 10_000;
    while (started.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${started.join(', ')} started`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Long enough for a wrong board to start too, if one would.
    await new Promise((resolve) => setTimeout(resolve, 200));
  };
  const enqueue = (boards: [string, string][]) =>
    queue.addBulk(boards.map(([source, owner]) => ({ name: 'copy-board', data: { source, owner }, opts: { jobId: source } })));

  it("gives a freed slot to an idle owner's board, not to a busy owner's next one", async () => {
    await enqueue([
      ['ada-1', 'ada'],
      ['bob-1', 'bob'],
      ['ada-2', 'ada'],
      ['bob-2', 'bob'],
    ]);
    startWorkers(2);
    await startedCount(2);
    expect(started.sort()).toEqual(['ada-1', 'bob-1']);
    release.get('bob-1')!();
    await startedCount(3);
    // In queue order the freed worker would take ada-2, splitting ada's budget while bob's idles.
    expect(started).toHaveLength(3);
    expect(started[2]).toBe('bob-2');
    release.get('ada-1')!();
    await startedCount(4);
    expect(started[3]).toBe('ada-2');
    release.get('ada-2')!();
    release.get('bob-2')!();
    await expect.poll(() => queue.getJobCounts('completed').then((counts) => counts.completed), { timeout: 5_000 }).toBe(4);
    // Going behind the others did not use up one of the board's attempts.
    expect((await queue.getJob('ada-2'))!.attemptsMade).toBe(1);
  });

  it("runs a busy owner's boards side by side when no other owner's board waits", async () => {
    await enqueue([
      ['ada-1', 'ada'],
      ['ada-2', 'ada'],
      ['ada-3', 'ada'],
    ]);
    startWorkers(3);
    await startedCount(3);
    expect(started.sort()).toEqual(['ada-1', 'ada-2', 'ada-3']);
  });

  it('counts a board that went behind the others as waiting, but not one in a retry backoff', async () => {
    await enqueue([
      ['ada-1', 'ada'],
      ['cy-1', 'cy'],
      ['ada-2', 'ada'],
    ]);
    // Taken by hand (BullMQ's manual processing), as three workers would take them.
    const hands = new Worker<BoardJobData>(queue.name, null, { connection: redis, autorun: false });
    workers.push(hands);
    const taken = [await hands.getNextJob('token-1'), await hands.getNextJob('token-2'), await hands.getNextJob('token-3')];
    expect(taken.map((job) => job?.id)).toEqual(['ada-1', 'cy-1', 'ada-2']);
    const [, cy1, ada2] = taken as [unknown, NonNullable<(typeof taken)[number]>, NonNullable<(typeof taken)[number]>];
    // cy-1 went behind the others a moment ago: cy has no board running and one ready, so ada-2 should wait.
    await cy1.moveToDelayed(Date.now(), 'token-2');
    expect(await ownerShouldWait(queue, ada2)).toBe(true);
    // In a backoff, cy-1 is not ready: ada-2 keeps its slot.
    await queue.getJob('cy-1').then((job) => job!.changeDelay(60_000));
    expect(await ownerShouldWait(queue, ada2)).toBe(false);
  });
});
