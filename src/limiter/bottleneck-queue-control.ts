import type Bottleneck from 'bottleneck';

/**
 * What miro-rx adds to Bottleneck's queue, and every private member of Bottleneck 2.19.5 it
 * touches (the version is pinned: upstream is unmaintained). Each behaviour is pinned on 2.19.5
 * by test/limiter/bottleneck-queue-control.test.ts, so an upgrade that moves one fails there.
 *
 * - Backfill (`_drainOne`, `_registerLock`, `_queues.getFirst`, `_store.__register__`,
 *   `_store.computeCapacity`, `_randomIndex`, `_run`): a job behind a head that cannot fit in
 *   this window goes now if it fits.
 * - Drop one queued job (`_submitLock`, `_registerLock`, `_queues._lists`, `job.doDrop`).
 * - Local datastore, read and moved without promises (`_store.storeOptions.reservoir`,
 *   `_store._running`, `_drainAll`): the one reservoir and the credits in flight.
 * - Local datastore, grants without timer yields (`_store.yieldLoop`, `_run`, `_scheduled`,
 *   `_clearGlobalState`, `_free`, `_limiter`, `job.doRun`, `job.doExecute`).
 * - Events that cost nothing without a listener (`Events.trigger`, `Events._events`, and the
 *   queue's: `_queues.Events`, its `leftzero` and `zero` listeners).
 * - Redis datastore: re-creating a budget Redis lost (`_store.runScript`, `_store.prepareInitSettings`),
 *   this process's queued count (`_store.clientId`), one heartbeat for the process
 *   (`_store.heartbeat`, redis/redis-heartbeat.ts), and one subscription per channel
 *   (IORedisConnection's `limiters`, `__addLimiter__`, `__removeLimiter__`, redis/redis-channels.ts).
 */

interface Job {
  options: { id: string; weight: number; expiration?: number | null };
  doDrop: () => boolean;
  doRun: () => void;
  doExecute: (chained: unknown, clear: () => boolean, run: (wait: number) => unknown, free: (...rest: unknown[]) => unknown) => unknown;
}
interface Node {
  value: Job;
  prev: Node | null;
  next: Node | null;
}
interface List {
  _first: Node | null;
  _last: Node | null;
  length: number;
  decr?: () => void;
}
interface Events {
  trigger: (name: string, ...args: unknown[]) => Promise<unknown>;
  _events: Record<string, unknown[] | undefined>;
}
type Lock = { schedule: <T>(task: () => T | Promise<T>) => Promise<T> };
interface Internals {
  _queues: { _lists: List[]; getFirst: () => List; Events: Events };
  _submitLock: Lock;
  _registerLock: Lock;
  _store: {
    __register__: (index: string, weight: number, expiration?: number | null) => Promise<{ success: boolean; wait: number }>;
    computeCapacity?: () => number | null;
    storeOptions: { reservoir: number | null };
    _running: number;
    yieldLoop: (t?: number) => Promise<void>;
    clientId: string;
    heartbeat?: ReturnType<typeof setInterval>;
    runScript(name: string, args: unknown[]): Promise<unknown>;
    prepareInitSettings(clear: boolean): unknown[];
  };
  Events: Events;
  _randomIndex: () => string;
  _run: (index: string, job: Job, wait: number) => unknown;
  _drainOne: (capacity?: number | null) => Promise<number | null>;
  _drainAll: (capacity: number | null) => Promise<unknown>;
  _scheduled: Record<string, { job: Job }>;
  _clearGlobalState: (index: string) => boolean;
  _free: (index: string, job: Job, ...rest: unknown[]) => unknown;
  _limiter: unknown;
  queued: () => number;
}

const of = (limiter: Bottleneck) => limiter as unknown as Internals;

/** How far past the head backfilling looks: a drain costs at most this, whatever the queue's length. */
export const BACKFILL_LOOKAHEAD = 64;

/**
 * Installs backfilling and silent events on any limiter, and on a local one grants without timer
 * yields. `windowCredits` is what the store believes is left in the window.
 */
export function controlQueue(limiter: Bottleneck, windowCredits: () => number, local: boolean): void {
  withBackfill(of(limiter), windowCredits);
  withSilentEvents(of(limiter));
  if (local) withoutTimerYields(of(limiter));
}

/**
 * Bottleneck grants only its head: a 2,000-credit bulk call kept 27 small reads that fitted
 * waiting for the next window. When the head needs more than is left in the window (it starts
 * at the next window whatever happens), the first job that fits goes now; the head keeps its
 * place, and capacity held back only by `maxConcurrent` is left to it. Same steps, same lock as
 * Bottleneck's own `_drainOne`; the look-ahead is bounded so that draining n jobs is O(n).
 */
function withBackfill(internals: Internals, windowCredits: () => number): void {
  const none = Promise.resolve(null);
  internals._drainOne = (given) =>
    // Every submit and every free drains, most with nothing queued: skip the lock then (a job
    // queued after this check is drained by its own submit).
    internals.queued() === 0
      ? none
      : internals._registerLock.schedule(() => {
          // A submit drains without a capacity: the local datastore works it out; in Redis only the
          // register script knows, so the head is tried as Bottleneck does.
          const capacity = given ?? internals._store.computeCapacity?.();
          if (internals.queued() === 0) return null;
          const queue = internals._queues.getFirst();
          let node = queue._first;
          if (!node) return null;
          if (capacity != null && node.value.options.weight > capacity) {
            if (capacity <= 0 || node.value.options.weight <= windowCredits()) return null; // waits for in-flight credits
            for (let seen = 0; node && node.value.options.weight > capacity; seen += 1) node = seen < BACKFILL_LOOKAHEAD ? node.next : null;
            if (!node) return null;
          }
          const chosen = node;
          const index = internals._randomIndex();
          return internals._store.__register__(index, chosen.value.options.weight, chosen.value.options.expiration).then(({ success, wait }) => {
            if (!success) return null;
            unlink(queue, chosen);
            internals._run(index, chosen.value, wait);
            return chosen.value.options.weight;
          });
        });
}

/**
 * Takes a queued job out, so a cancelled call neither spends credits nor holds up the calls
 * behind it. After pending submissions (the job is in the queue), under the register lock (no
 * grant half-done). False when the job is no longer queued: it was granted meanwhile.
 */
export async function dropQueuedJob(limiter: Bottleneck, jobId: string): Promise<boolean> {
  const internals = of(limiter);
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

/** The local datastore's reservoir: the one count of credits left to grant in this window. */
export function reservoirOf(limiter: Bottleneck): number {
  return of(limiter)._store.storeOptions.reservoir ?? 0;
}

/** The local datastore's credits granted and not yet freed (Bottleneck's `running()`, without its promise). */
export function runningOf(limiter: Bottleneck): number {
  return of(limiter)._store._running;
}

/**
 * `incrementReservoir` for the local datastore, without its promises: the reservoir moves now,
 * and queued jobs are offered the new capacity as `incrementReservoir` would.
 */
export function moveReservoir(limiter: Bottleneck, delta: number): void {
  const internals = of(limiter);
  const options = internals._store.storeOptions;
  options.reservoir = (options.reservoir ?? 0) + delta;
  if (internals.queued() > 0) void internals._drainAll(internals._store.computeCapacity?.() ?? null);
}

/**
 * Bottleneck fires six events per job, each an async function that builds its arguments and a
 * debug message first, listener or not. Without a listener (for the event, or for `debug`) the
 * result is the same settled promise, made once. Its queue's own `leftzero`/`zero` listeners
 * only ref and unref a heartbeat timer that miro-rx never runs (no reservoir refresh; the Redis
 * one is stopped, redis/redis-heartbeat.ts): they go, and the queue's events fall silent too.
 */
function withSilentEvents(internals: Internals): void {
  const nothing = Promise.resolve(undefined);
  const silence = (events: Events) => {
    const trigger = events.trigger.bind(events);
    events.trigger = (name, ...args) => (events._events[name] || events._events.debug ? trigger(name, ...args) : nothing);
  };
  silence(internals.Events);
  delete internals._queues.Events._events.leftzero;
  delete internals._queues.Events._events.zero;
  silence(internals._queues.Events);
}

/**
 * The local datastore waits a `setTimeout(0)` (at least 1 ms in Node) before every submit,
 * grant, free and reservoir change, and starts each granted job on another `setTimeout(wait)`
 * even when `wait` is 0: grants capped near 100/s on a loaded machine. Its locks already
 * serialise these steps, so microtasks keep their order, and a granted job starts at once. Jobs with a real wait or an expiration
 * keep Bottleneck's own path.
 */
function withoutTimerYields(internals: Internals): void {
  internals._store.yieldLoop = (t = 0) => (t > 0 ? new Promise((resolve) => setTimeout(resolve, t)) : Promise.resolve());
  const run = internals._run.bind(internals);
  internals._run = (index, job, wait) => {
    if (wait > 0 || job.options.expiration != null) return run(index, job, wait);
    job.doRun();
    const clear = internals._clearGlobalState.bind(internals, index);
    const retry = (later: number) => internals._run(index, job, later);
    const free = internals._free.bind(internals, index, job);
    internals._scheduled[index] = { job };
    // At once, not on a later tick: the job starts (and its credits count as in flight) in the
    // same step that took them from the reservoir, so no answer read in between sees the
    // credits gone from the reservoir but not yet in flight, and gives them back twice.
    void Promise.resolve(job.doExecute(internals._limiter, clear, retry, free)).catch(() => undefined);
    return internals._scheduled[index];
  };
}

/** Takes `node` out of `list`, keeping Bottleneck's counts right. Under its register lock. */
function unlink(list: List, node: Node): void {
  if (node.prev) node.prev.next = node.next;
  else list._first = node.next;
  if (node.next) node.next.prev = node.prev;
  else list._last = node.prev;
  list.length -= 1;
  list.decr?.();
}

// ---- Redis datastore ----------------------------------------------------------------------------

/** This process's id in the Redis budget (Redis counts each client's queued jobs). */
export function redisClientId(limiter: Bottleneck): string {
  return of(limiter)._store.clientId;
}

/**
 * Re-creates a budget Redis lost (restart, eviction), closed as a new one, and tells it what this
 * process has queued: Bottleneck re-creates its keys only when a job is submitted.
 */
export async function recreateRedisBudget(limiter: Bottleneck): Promise<void> {
  const store = of(limiter)._store;
  await store.runScript('init', store.prepareInitSettings(false));
  await store.runScript('register_client', [limiter.queued()]);
}

/** Stops the heartbeat timer Bottleneck starts per limiter once ready. */
export function stopOwnHeartbeat(limiter: Bottleneck): void {
  clearInterval(of(limiter)._store.heartbeat);
}

/** One beat of Bottleneck's Redis heartbeat script: publishes capacity, expires a crashed process's jobs. */
export function beatOnce(limiter: Bottleneck): Promise<unknown> {
  return of(limiter)._store.runScript('heartbeat', []);
}
