import os from 'node:os';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Subscription } from 'rxjs';
import type { BoardJobData, BoardJobResult } from './board-job.js';
import { copyBoardJob } from './copy-job.js';
import { meterCredits } from './credit-meter.js';
import type { OwnerClients } from './owner-clients.js';
import { takingTurns } from './owner-turns.js';

/** Options of {@link startFleetWorker}. */
export interface FleetWorkerOptions {
  queue: string;
  /** The fleet's Redis: BullMQ's connection (it needs `maxRetriesPerRequest: null`), journals, budgets. */
  redis: Redis;
  clients: OwnerClients;
  /** Boards this process copies at once. Default 2. */
  concurrency?: number;
  /**
   * How long a job's lock lasts without renewal: a killed worker's board is taken over about
   * this long after it died (BullMQ checks for stalled jobs every half of it). Default 30,000.
   */
  lockMs?: number;
  readAhead?: number;
  progressMs?: number;
}

/**
 * Starts a BullMQ worker of board-copy jobs. Any number of these, in any number of processes on
 * any number of machines, may serve one queue: BullMQ hands each job to one of them, and a job
 * whose worker died (its lock not renewed) goes back to the queue for another to resume.
 */
export function startFleetWorker(options: FleetWorkerOptions): { worker: Worker<BoardJobData, BoardJobResult>; close: () => Promise<void> } {
  const { redis, clients, queue } = options;
  const meters = new Map<string, Subscription>();
  const lockMs = options.lockMs ?? 30_000;
  const meteredClients: OwnerClients = {
    users: () => clients.users(),
    clientOf(userId) {
      const api = clients.clientOf(userId);
      if (!meters.has(userId)) meters.set(userId, meterCredits(api, redis, queue, userId));
      return api;
    },
  };
  // For reading which owners have boards running and waiting: boards take turns by owner (owner-turns.ts).
  const lists = new Queue<BoardJobData, BoardJobResult>(queue, { connection: redis });
  const worker = new Worker<BoardJobData, BoardJobResult>(
    queue,
    takingTurns(lists, (job, token) =>
      copyBoardJob({ clients: meteredClients, redis, prefix: queue, readAhead: options.readAhead, progressMs: options.progressMs }, job, token),
    ),
    {
      connection: redis,
      // Kept on each job (`processedBy`): which machine and process holds a board.
      name: `${os.hostname()}:${process.pid}`,
      concurrency: options.concurrency ?? 2,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
      // A board may be taken over more than once (two deploys in a row) before it finishes.
      maxStalledCount: 5,
    },
  );
  return {
    worker,
    close: async () => {
      await worker.close();
      await lists.close();
      for (const meter of meters.values()) meter.unsubscribe();
    },
  };
}
