import { once } from 'node:events';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BoardJobData, boardLockOptions } from '../../examples/migrate-fleet/src/board-job.js';
import { type BoardWorkers, startBoardWorkers } from '../../examples/migrate-fleet/src/fleet-worker.js';
import { skipRedis, useRedisServer } from '../limiter/support/redis-server.js';

/**
 * A dead worker's board is taken over as soon as BullMQ's stalled-job check hands it back, even
 * when every slot of every live worker is copying a board (copies take minutes: waiting for one
 * to end was the fleet's takeover delay). The copy of each board is a promise the test settles.
 */
describe.skipIf(skipRedis)('migrate-fleet: boards of a dead worker are taken over by a busy fleet', () => {
  const server = useRedisServer();
  const LOCK_MS = 1_000;
  let redis: Redis;
  let queue: Queue<BoardJobData>;
  let processes: BoardWorkers<void>[];
  let started: string[];
  let release: Map<string, () => void>;

  beforeEach(() => {
    redis = new Redis({ port: server.port, host: '127.0.0.1', maxRetriesPerRequest: null });
    queue = new Queue<BoardJobData>(`recovery-${Date.now()}`, { connection: redis });
    started = [];
    release = new Map();
    processes = [];
  });
  afterEach(async () => {
    for (const done of release.values()) done();
    await Promise.all(processes.map((boards) => boards.close()));
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
  });

  const startProcess = (concurrency: number) => {
    const copy = (job: { data: BoardJobData }) =>
      new Promise<void>((resolve) => {
        started.push(job.data.source);
        release.set(job.data.source, resolve);
      });
    const boards = startBoardWorkers<void>(queue.name, redis, { concurrency, lockMs: LOCK_MS }, copy);
    for (const worker of [boards.worker, boards.recovery]) worker.on('error', (error) => console.error(error));
    processes.push(boards);
    return boards;
  };
  const enqueue = (boards: string[]) =>
    queue.addBulk(boards.map((source) => ({ name: 'copy-board', data: { source, owner: 'ada' }, opts: { jobId: source } })));
  /** A worker that takes boards with the fleet's lock and dies: its locks are never renewed. */
  const dieHolding = async (count: number) => {
    const dead = new Worker<BoardJobData>(queue.name, null, { connection: redis, autorun: false, ...boardLockOptions(LOCK_MS) });
    for (let n = 0; n < count; n++) expect(await dead.getNextJob(`dead-token-${n}`)).toBeDefined();
    await dead.close();
  };
  const startedAll = async (boards: string[]) => {
    const deadline = Date.now() + 10_000;
    while (!boards.every((board) => started.includes(board))) {
      if (Date.now() > deadline)
        throw new Error(`${boards.filter((board) => !started.includes(board)).join(', ')} not started; started: ${started.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Long enough for a wrong board to start too, if one would.
    await new Promise((resolve) => setTimeout(resolve, 200));
  };

  it('starts the boards of a dead worker while every slot is busy copying', async () => {
    await enqueue(['dead-1', 'dead-2']);
    await dieHolding(2);
    await enqueue(['busy-1', 'busy-2', 'fresh-1']);
    startProcess(2);
    await startedAll(['busy-1', 'busy-2']);
    // The dead worker's locks run out (at most 1 s), the next stalled-job check (every 0.5 s) hands them back.
    await startedAll(['dead-1', 'dead-2']);
    expect(started.sort()).toEqual(['busy-1', 'busy-2', 'dead-1', 'dead-2']);
    expect(await queue.getJobState('fresh-1')).toBe('waiting');
    for (const done of release.values()) done();
    await startedAll(['fresh-1']);
    release.get('fresh-1')!();
    await expect.poll(() => queue.getJobCounts('completed').then((counts) => counts.completed), { timeout: 5_000 }).toBe(5);
    const jobs = await Promise.all(['dead-1', 'dead-2', 'fresh-1'].map((id) => queue.getJob(id)));
    expect(jobs.map((job) => [job!.id, job!.stalledCounter, job!.attemptsMade])).toEqual([
      ['dead-1', 1, 1],
      ['dead-2', 1, 1],
      ['fresh-1', 0, 1],
    ]);
  });

  it('puts a fresh board back where it was when another slot took the stalled board first', async () => {
    await enqueue(['busy-1', 'fresh-1', 'fresh-2']);
    const boards = startProcess(1);
    await startedAll(['busy-1']);
    // A check of this process handed a board back, and a free slot elsewhere took it before these slots could.
    const grabbed = once(boards.recovery, 'active');
    boards.worker.emit('stalled', 'taken-elsewhere', 'active');
    const [job] = (await grabbed) as [{ id: string }];
    expect(job.id).toBe('fresh-1');
    await expect.poll(() => queue.getJobState('fresh-1'), { timeout: 5_000 }).toBe('waiting');
    expect(boards.recovery.isPaused()).toBe(true);
    await startedAll([]);
    expect(started).toEqual(['busy-1']);
    // Back at the head of the queue: the next freed slot takes it before fresh-2.
    release.get('busy-1')!();
    await startedAll(['fresh-1']);
    expect(started).toEqual(['busy-1', 'fresh-1']);
    release.get('fresh-1')!();
    await startedAll(['fresh-2']);
    release.get('fresh-2')!();
    await expect.poll(() => queue.getJobCounts('completed').then((counts) => counts.completed), { timeout: 5_000 }).toBe(3);
    // Going back did not use up one of its attempts.
    expect((await queue.getJob('fresh-1'))!.attemptsMade).toBe(1);
  });
});
