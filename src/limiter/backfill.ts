import type Bottleneck from 'bottleneck';
import { unlink, type QueueList } from './bottleneck-queue.js';

// Bottleneck internals this relies on besides its queue (2.19.5, full and light build; see bottleneck-queue.ts).
interface Job {
  options: { id: string; weight: number; expiration?: number | null };
  args: unknown[];
}
interface LimiterInternals {
  _queues: { getFirst: () => QueueList<Job> };
  _registerLock: { schedule: <T>(task: () => T | Promise<T>) => Promise<T> };
  _store: {
    __register__: (index: string, weight: number, expiration?: number | null) => Promise<{ success: boolean; wait: number }>;
    /** Local datastore only. */
    computeCapacity?: () => number | null;
  };
  _randomIndex: () => string;
  _run: (index: string, job: Job, wait: number) => unknown;
  _drainOne: (capacity?: number | null) => Promise<number | null>;
  queued: () => number;
}

/**
 * Backfilling: when the job at the head of the queue needs more credits than are left in the
 * window (it starts at the next window whatever happens), a job behind it that fits goes now.
 * The head keeps its place, so it is first when the next window opens, and it never loses
 * credits it could have used in this window: only credits it cannot use are given to others.
 * Bottleneck grants only its head (head-of-line blocking: a 2,000-credit bulk call kept 27
 * small reads that fitted waiting for the next window). Replaces its `_drainOne` with the same
 * steps under the same lock, choosing the first job that fits instead of only the head.
 * `windowCredits` is what the store believes is left in the window: capacity held back only by
 * `maxConcurrent` (credits in flight) is not backfilled, since the head may get it this window.
 */
export function withBackfill(limiter: Bottleneck, windowCredits: () => number): void {
  const internals = limiter as unknown as LimiterInternals;
  internals._drainOne = (given) =>
    internals._registerLock.schedule(() => {
      // A submit drains without a capacity: the local datastore can work it out; in Redis only
      // the register script knows, so the head is tried as Bottleneck does (a stale local
      // estimate must not keep a job that fits from being tried).
      const capacity = given ?? internals._store.computeCapacity?.();
      if (internals.queued() === 0) return null;
      const queue = internals._queues.getFirst();
      let node = queue._first;
      if (!node) return null;
      if (capacity != null && node.value.options.weight > capacity) {
        if (node.value.options.weight <= windowCredits()) return null; // waits for in-flight credits, not the next window
        while (node && node.value.options.weight > capacity) node = node.next;
        if (!node) return null;
      }
      const job = node.value;
      const index = internals._randomIndex();
      return internals._store.__register__(index, job.options.weight, job.options.expiration).then(({ success, wait }) => {
        if (!success) return null;
        unlink(queue, node);
        internals._run(index, job, wait);
        return job.options.weight;
      });
    });
}
