import type Bottleneck from 'bottleneck';

// Bottleneck 2.19.5 internals of the local datastore (full and light build; see bottleneck-queue.ts).
interface LocalLimiterInternals {
  _store: { storeOptions: { reservoir: number | null }; computeCapacity: () => number | null };
  _drainAll: (capacity: number | null) => Promise<unknown>;
  queued: () => number;
}

/**
 * `incrementReservoir` without its promises, for the local datastore: the reservoir moves now,
 * and queued jobs are offered the new capacity as `incrementReservoir` would. Bottleneck's own
 * call is an async step, a drain through its register lock and four or five promises even with
 * nothing queued; twice per call on the limiter's fast path, they were most of its cost and
 * kept each call's objects alive past young-generation GCs.
 */
export function moveReservoir(limiter: Bottleneck, delta: number): void {
  const internals = limiter as unknown as LocalLimiterInternals;
  const options = internals._store.storeOptions;
  options.reservoir = (options.reservoir ?? 0) + delta;
  if (internals.queued() > 0) void internals._drainAll(internals._store.computeCapacity());
}
