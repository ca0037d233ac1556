// Bottleneck 2.19.5 keeps each priority's queue as a doubly linked list and offers no public way
// to take one job out of it (upstream is unmaintained, the version is pinned). These are the
// internals that drop-queued-job.ts and backfill.ts rely on, present in the full and light build.

/** One queued job in Bottleneck's list. */
export interface QueuedNode<Job> {
  value: Job;
  prev: QueuedNode<Job> | null;
  next: QueuedNode<Job> | null;
}

/** One priority's queue. */
export interface QueueList<Job> {
  _first: QueuedNode<Job> | null;
  _last: QueuedNode<Job> | null;
  length: number;
  decr?: () => void;
}

/** Takes `node` out of `list`, keeping Bottleneck's counts right. Call under its register lock. */
export function unlink<Job>(list: QueueList<Job>, node: QueuedNode<Job>): void {
  if (node.prev) node.prev.next = node.next;
  else list._first = node.next;
  if (node.next) node.next.prev = node.prev;
  else list._last = node.prev;
  list.length -= 1;
  list.decr?.();
}
