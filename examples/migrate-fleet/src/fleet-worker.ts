import os from 'node:os';
import { type Processor, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Subscription } from 'rxjs';
import { type BoardJobData, type BoardJobResult, boardLockOptions } from './board-job.js';
import { copyBoardJob } from './copy-job.js';
import { meterCredits } from './credit-meter.js';
import type { OwnerClients } from './owner-clients.js';
import { takingTurns } from './owner-turns.js';
import { startRecoverySlots } from './recovery-slots.js';

/** Options of {@link startFleetWorker}. */
export interface FleetWorkerOptions {
  queue: string;
  /** The fleet's Redis: BullMQ's connection (it needs `maxRetriesPerRequest: null`), journals, budgets. */
  redis: Redis;
  clients: OwnerClients;
  /** Boards this process copies at once. Default 2. */
  concurrency?: number;
  /**
   * How long a job's lock lasts without renewal. A killed worker's board is taken over once its
   * lock has run out (at most this long after the kill), within the next stalled-job check (every
   * half of it). Default 30,000.
   */
  lockMs?: number;
  readAhead?: number;
  progressMs?: number;
}

/** One process's BullMQ workers of a fleet's queue, as {@link startBoardWorkers} returns them. */
export interface BoardWorkers<R> {
  /** Takes fresh boards, `concurrency` at once, in turns by owner; runs BullMQ's stalled-job check. */
  worker: Worker<BoardJobData, R>;
  /** Takes over boards whose worker died, as soon as `worker`'s check hands them back (recovery-slots.ts). */
  recovery: Worker<BoardJobData, R>;
  close: () => Promise<void>;
}

/**
 * Starts a BullMQ worker of board-copy jobs. Any number of these, in any number of processes on
 * any number of machines, may serve one queue: BullMQ hands each job to one of them, and a job
 * whose worker died (its lock not renewed) goes back to the queue for another to resume.
 */
export function startFleetWorker(options: FleetWorkerOptions): BoardWorkers<BoardJobResult> {
  const { redis, clients, queue } = options;
  const meters = new Map<string, Subscription>();
  const meteredClients: OwnerClients = {
    users: () => clients.users(),
    clientOf(userId) {
      const api = clients.clientOf(userId);
      if (!meters.has(userId)) meters.set(userId, meterCredits(api, redis, queue, userId));
      return api;
    },
  };
  const workers = startBoardWorkers<BoardJobResult>(queue, redis, options, (job, token) =>
    copyBoardJob({ clients: meteredClients, redis, prefix: queue, readAhead: options.readAhead, progressMs: options.progressMs }, job, token),
  );
  return {
    ...workers,
    close: async () => {
      await workers.close();
      for (const meter of meters.values()) meter.unsubscribe();
    },
  };
}

/**
 * The workers of one process around a board processor: `concurrency` slots for fresh boards,
 * and as many kept free for boards taken over (at once, however busy the first ones are).
 */
export function startBoardWorkers<R>(
  queue: string,
  redis: Redis,
  options: { concurrency?: number; lockMs?: number },
  copy: Processor<BoardJobData, R>,
): BoardWorkers<R> {
  const lockMs = options.lockMs ?? 30_000;
  const concurrency = options.concurrency ?? 2;
  // Kept on each job (`processedBy`): which machine and process holds a board.
  const name = `${os.hostname()}:${process.pid}`;
  // For reading which owners have boards running and waiting: boards take turns by owner (owner-turns.ts).
  const lists = new Queue<BoardJobData>(queue, { connection: redis });
  const worker = new Worker<BoardJobData, R>(queue, takingTurns(lists, copy), { connection: redis, name, concurrency, ...boardLockOptions(lockMs) });
  // A board taken over resumes its journal: it never goes behind the others.
  const recovery = startRecoverySlots(worker, copy, { connection: redis, name, concurrency, lockMs });
  return {
    worker,
    recovery: recovery.worker,
    close: async () => {
      await Promise.all([worker.close(), recovery.close()]);
      await lists.close();
    },
  };
}
