import type Bottleneck from 'bottleneck';

// Bottleneck 2.19.5 has no public way to take one job out of its queue (upstream is unmaintained,
// the version is pinned). These are the internals this file relies on, all present in the full
// and the light build.
interface QueuedNode {
  value: { options: { id: string }; doDrop: () => boolean };
  prev: QueuedNode | null;
  next: QueuedNode | null;
}
interface QueueList {
  _first: QueuedNode | null;
  _last: QueuedNode | null;
  length: number;
  decr?: () => void;
}
interface LimiterInternals {
  _queues: { _lists: QueueList[] };
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
        if (node.prev) node.prev.next = node.next;
        else list._first = node.next;
        if (node.next) node.next.prev = node.prev;
        else list._last = node.prev;
        list.length -= 1;
        list.decr?.();
        node.value.doDrop();
        return true;
      }
    }
    return false;
  });
}
