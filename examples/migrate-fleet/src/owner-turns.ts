import { DelayedError, type Job, type Processor, type Queue } from 'bullmq';
import type { BoardJobData } from './board-job.js';

/** Waiting boards looked at, from the head of the queue: enough to find an idle owner's board, bounded for big queues. */
export const TURN_LOOK_AHEAD = 50;

/**
 * True when a board a worker has just taken should go behind the others: its owner already has
 * a board being copied, while a waiting board belongs to an owner with none. Each owner's budget
 * is the limit of that owner's boards, so a free slot given to a busy owner's second board
 * splits a budget already spent, and the idle owner's budget goes unused for as long as that
 * board takes. BullMQ hands out jobs in queue order only (owner groups are BullMQ Pro's); the
 * queue is enqueued in turn by owner, but boards finish in any order.
 *
 * Reads BullMQ's own active and waiting lists, so a crashed worker's board counts as busy for
 * no longer than BullMQ itself holds it active.
 */
export async function ownerShouldWait(lists: Queue<BoardJobData>, job: Job<BoardJobData>, lookAhead = TURN_LOOK_AHEAD): Promise<boolean> {
  const active = await lists.getActive();
  const busy = new Set(active.filter((other) => other && other.id !== job.id).map((other) => other.data.owner));
  if (!busy.has(job.data.owner)) return false;
  // Oldest first: the boards next in line, and those that went behind them (delayed by 0 ms, due
  // at the next pick-up; a board in a retry's backoff has a delay and is not ready).
  const [waiting, behind] = await Promise.all([lists.getJobs(['wait'], 0, lookAhead - 1, true), lists.getJobs(['delayed'], 0, lookAhead - 1, true)]);
  const ready = [...waiting, ...behind.filter((other) => other && Number(other.delay) === 0)];
  return ready.some((other) => other && other.data.owner !== job.data.owner && !busy.has(other.data.owner));
}

/**
 * Wraps a board processor so that a board whose owner should wait (see {@link ownerShouldWait})
 * goes to the back of the queue instead, without counting an attempt (BullMQ's `DelayedError`
 * pattern), and the worker takes the next board. `lists` is a `Queue` of the same queue, for
 * reading its lists. Taking turns only makes better use of budgets: when the lists cannot be
 * read, the board is copied as it was taken.
 */
export function takingTurns<R>(lists: Queue<BoardJobData>, processor: Processor<BoardJobData, R>): Processor<BoardJobData, R> {
  return async (job, token, signal) => {
    if (token !== undefined && (await ownerShouldWait(lists, job).catch(() => false))) {
      await job.moveToDelayed(Date.now(), token);
      throw new DelayedError();
    }
    return processor(job, token, signal);
  };
}
