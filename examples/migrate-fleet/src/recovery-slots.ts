import { type Job, type Processor, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type BoardJobData, boardLockOptions } from './board-job.js';

/** True for a board whose worker died while copying it: BullMQ's stalled-job check counts each hand-back on the job. */
export const isTakenOver = (job: Job): boolean => job.stalledCounter > 0;

/** Options of {@link startRecoverySlots}: those of the worker whose stalled-job checks wake the slots. */
export interface RecoverySlotsOptions {
  connection: Redis;
  /** Kept on each job (`processedBy`), as the worker's own. */
  name: string;
  /** Boards taken over at once: a dead worker of the same size leaves this many. */
  concurrency: number;
  lockMs: number;
}

/**
 * Slots a worker process keeps free for boards whose worker died. BullMQ's stalled-job check
 * hands such a board back to the head of the queue within one interval of its lock expiring, but
 * a worker takes a job only when one of its slots frees, and every slot of a busy fleet is
 * copying a board that takes minutes: the dead worker's board would wait for the first board to
 * end anywhere. These slots are a second BullMQ worker on the same queue, paused while there is
 * nothing to take over. The process's own worker runs the stalled-job check (`main`); its
 * `stalled` event wakes the slots, which take the head of the queue: the handed-back board.
 * A fresh board found there instead (a free slot elsewhere was quicker) goes back to the head,
 * without counting an attempt, and the slots sleep again. BullMQ runs one check at a time across
 * the fleet, so no other check can have put a board behind it meanwhile.
 */
export function startRecoverySlots<R>(
  main: Worker<BoardJobData, R>,
  processor: Processor<BoardJobData, R>,
  options: RecoverySlotsOptions,
): { worker: Worker<BoardJobData, R>; close: () => Promise<void> } {
  // Boards this process's check handed back that no slot here has taken yet.
  let handedBack = 0;
  const slots: Worker<BoardJobData, R> = new Worker<BoardJobData, R>(
    main.name,
    async (job, token, signal) => {
      if (!isTakenOver(job)) {
        handedBack = 0;
        await slots.pause(true);
        if (token !== undefined) await job.moveToWait(token);
        throw new WaitingError();
      }
      handedBack = Math.max(0, handedBack - 1);
      // Taking no fresh board after the last one handed back.
      if (handedBack === 0) await slots.pause(true);
      return processor(job, token, signal);
    },
    {
      connection: options.connection,
      name: options.name,
      concurrency: options.concurrency,
      autorun: false,
      // `main` checks for this process; a paused worker would not check anyway.
      skipStalledCheck: true,
      ...boardLockOptions(options.lockMs),
    },
  );
  const wake = async () => {
    await slots.resume();
    // A main loop that was ending as `resume` looked at it has ended since: start another.
    if (!slots.isRunning() && !slots.isPaused() && !slots.closing) slots.run().catch((error: Error) => slots.emit('error', error));
  };
  const onStalled = () => {
    handedBack += 1;
    wake().catch((error: Error) => slots.emit('error', error));
  };
  main.on('stalled', onStalled);
  return {
    worker: slots,
    close: async () => {
      main.off('stalled', onStalled);
      await slots.close();
    },
  };
}
