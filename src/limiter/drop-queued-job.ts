import type Bottleneck from 'bottleneck';

import { unlink, type QueueList } from './bottleneck-queue.js';

// Bottleneck internals this relies on besides its queue (see bottleneck-queue.ts).
interface LimiterInternals {
  _queues: { _lists: QueueList<{ options: { id: string }; doDrop: () => boolean }>[] };
  _submitLock: { schedule: <T>(task: () => T | Promise<T>) => Promise<T> };
  _registerLock: { schedule: <T>(task: () => T | Promise<T>) => Promise<T> };
}

/**
 * Takes a queued job out of the limiter so that a cancelled request neither spends credits nor
 * holds up the requests behind it. Runs after pending submissions (so the job is in the queue)
 * and under the register lock (so no grant is half-done). Resolves false when the job is no
 * longer queued: it was granted meanwhile, and the caller gives its credits back instead.
 */
export async function dropQueuedJob(limiter: Bottleneck, jobId: string): Promise<boolean> {
  const internals = limiter as unknown as LimiterInternals;
  await internals._submitLock.schedule(() => undefined);
  return internals._registerLock.schedule(() => {
    for (const list of internals._queues._lists) {
      for (let node = list._first; node; node = node.next) {
        if (node.value.options.id !== jobId) continue;
        unlink(list, node);
        node.value.doDrop();
        return true;
      }
    }
    return false;
  });
}
