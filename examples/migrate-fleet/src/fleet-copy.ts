import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BoardJobData, BoardJobResult } from './board-job.js';
import { readCredits } from './credit-meter.js';
import { type BoardRequest, enqueueBoards, interleaveByOwner, resolveOwners, teamBoards } from './fleet-enqueue.js';
import { type FleetSnapshot, formatFleetLine, formatFleetReport } from './fleet-line.js';
import { FleetTracker } from './fleet-tracker.js';
import type { OwnerClients } from './owner-clients.js';

export interface FleetCopyOptions {
  redis: Redis;
  queue: string;
  clients: OwnerClients;
  boards: readonly BoardRequest[];
  team?: string;
  budget: number;
  /** Where lines go: a terminal gets one line redrawn in place, anything else a line every few seconds. */
  out?: NodeJS.WriteStream;
  /** Piped output: a line at least this often. Default 5,000 ms. */
  logEveryMs?: number;
  backoffMs?: number;
}

const REDRAW_MS = 250;
const RATE_SPAN_MS = 5_000;

/**
 * Enqueues the boards (or the team's), follows the fleet live until every one of them is copied
 * or failed, and prints the final report last. Resolves with the exit code: 0 when every board
 * was copied, 1 otherwise. Workers are separate processes (`main.ts worker`).
 */
export async function runFleetCopy(options: FleetCopyOptions): Promise<{ code: number; report: string }> {
  const out = options.out ?? process.stdout;
  const startedAt = Date.now();
  const jobs: BoardJobData[] =
    options.team !== undefined ? await teamBoards(options.clients, options.team) : await resolveOwners(options.clients, options.boards);
  const queue = new Queue<BoardJobData, BoardJobResult>(options.queue, { connection: options.redis });
  const users = [...new Set([...options.clients.users(), ...jobs.map((job) => job.owner)])];
  let tracker: FleetTracker | undefined;
  try {
    const ids = await enqueueBoards(queue, interleaveByOwner(jobs), options.backoffMs);
    out.write(`Enqueued ${ids.length} board(s) on queue ${options.queue}; following the fleet...\n`);
    tracker = new FleetTracker(queue, options.redis, ids);
    await tracker.start();
    const samples: { at: number; settled: number }[] = [];
    const snapshot = async (): Promise<FleetSnapshot> => {
      const boards = [...tracker!.boards.values()];
      const settled = boards.reduce((total, board) => total + (board.state === 'done' ? (board.result?.items.read ?? 0) : (board.progress?.settled ?? 0)), 0);
      const now = Date.now();
      samples.push({ at: now, settled });
      while (samples.length > 1 && samples[0]!.at < now - RATE_SPAN_MS) samples.shift();
      const first = samples[0]!;
      const itemsPerSecond = now > first.at ? Math.max(0, ((settled - first.settled) * 1000) / (now - first.at)) : 0;
      return {
        elapsedMs: now - startedAt,
        done: tracker!.count('done'),
        running: tracker!.count('running'),
        waiting: tracker!.count('waiting'),
        failed: tracker!.count('failed'),
        itemsPerSecond,
        credits: await readCredits(options.redis, options.queue, users),
        budget: options.budget,
        now,
      };
    };
    const tty = out.isTTY === true;
    let lastLog = 0;
    while (!tracker.finished) {
      await new Promise((resolve) => setTimeout(resolve, REDRAW_MS));
      const current = await snapshot();
      if (tty) out.write(`\r${formatFleetLine(current, out.columns || 100)}\x1b[K`);
      else if (current.elapsedMs - lastLog >= (options.logEveryMs ?? 5_000)) {
        lastLog = current.elapsedMs;
        out.write(`${formatFleetLine(current, 400)}\n`);
      }
    }
    if (tty) out.write('\r\x1b[K');
    const report = formatFleetReport([...tracker.boards.values()], await snapshot());
    return { code: tracker.count('failed') > 0 ? 1 : 0, report };
  } finally {
    await tracker?.close();
    await queue.close();
  }
}
