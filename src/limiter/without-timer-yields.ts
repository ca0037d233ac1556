import type Bottleneck from 'bottleneck';

interface LimiterInternals {
  _store: { yieldLoop: (t?: number) => Promise<void> };
  _scheduled: Record<string, { timeout?: ReturnType<typeof setTimeout>; expiration?: ReturnType<typeof setTimeout>; job: unknown }>;
  _limiter: unknown;
  _run: (index: string, job: ScheduledJob, wait: number) => unknown;
  _clearGlobalState: (index: string) => boolean;
  _free: (index: string, job: ScheduledJob, ...rest: unknown[]) => unknown;
}
interface ScheduledJob {
  options: { expiration?: number | null };
  doRun: () => void;
  doExecute: (chained: unknown, clear: () => boolean, run: (wait: number) => unknown, free: (...rest: unknown[]) => unknown) => unknown;
}

/**
 * Bottleneck's local datastore waits a `setTimeout(0)` (at least 1 ms in Node) before every
 * submit, grant, free and reservoir change, and starts each granted job on another
 * `setTimeout(wait)` even when `wait` is 0. Measured here: grants capped near 100/s on a loaded
 * machine, and a sequential request cost 1.6x with the limiter on. Its locks already serialise
 * these steps, so microtasks keep their order without the timers. Only for the local limiter;
 * jobs with a real wait or an expiration keep Bottleneck's own path.
 */
export function withoutTimerYields(limiter: Bottleneck): void {
  const internals = limiter as unknown as LimiterInternals;
  internals._store.yieldLoop = (t = 0) => (t > 0 ? new Promise((resolve) => setTimeout(resolve, t)) : Promise.resolve());
  const run = internals._run.bind(internals);
  internals._run = (index, job, wait) => {
    if (wait > 0 || job.options.expiration != null) return run(index, job, wait);
    job.doRun();
    const clear = internals._clearGlobalState.bind(internals, index);
    const retry = (later: number) => internals._run(index, job, later);
    const free = internals._free.bind(internals, index, job);
    internals._scheduled[index] = { job };
    // A job dropped by stop() before this runs fails Bottleneck's status check: nothing to do then.
    queueMicrotask(() => void Promise.resolve(job.doExecute(internals._limiter, clear, retry, free)).catch(() => undefined));
    return internals._scheduled[index];
  };
}
