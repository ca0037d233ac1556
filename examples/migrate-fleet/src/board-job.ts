import type { JobsOptions } from 'bullmq';

/** The queue every worker and CLI of one fleet share (and the prefix of the fleet's own keys). */
export const DEFAULT_QUEUE = 'miro-board-copy';

/** What one board-copy job carries. */
export interface BoardJobData {
  /** Source board id. */
  source: string;
  /** User whose token (and budget) copies it: the source board's owner. */
  owner: string;
}

/** What a finished job returns, for the final report. */
export interface BoardJobResult {
  source: string;
  target: string;
  owner: string;
  items: { read: number; created: number; adopted: number; done: number; unsupported: number };
  tagLinks: number;
  connectors: number;
  passes: number;
}

/** Live progress a job reports (QueueEvents `progress`). */
export interface BoardJobProgress {
  owner: string;
  phase: string;
  pass: number;
  /** Items settled so far by this attempt, and the source's total once known. */
  settled: number;
  total?: number;
}

/**
 * The job id of a board's copy: derived from the source board alone, so that enqueuing the same
 * board twice (a rerun of the CLI, two operators) finds the existing job instead of adding one.
 * BullMQ reserves `:` in ids; Miro board ids may hold `=` and other URL characters, kept as they are.
 */
export function jobIdOf(source: string): string {
  if (typeof source !== 'string' || source.trim() === '') throw new TypeError('a board id must be a non-empty string');
  return `board-copy-${source.replaceAll(':', '%3A')}`;
}

/**
 * Attempts and backoff of a board: transient failures (network, 5xx, 429 after the client's own
 * retries, a worker that died) come back with exponential backoff; a failure that will not heal
 * fails the job at once (the worker throws BullMQ's `UnrecoverableError`). Finished jobs are
 * kept, which is what makes a second enqueue of a copied board a no-op.
 */
export function boardJobOptions(source: string, backoffMs = 2_000): JobsOptions {
  return { jobId: jobIdOf(source), attempts: 8, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: false, removeOnFail: false };
}

/**
 * BullMQ's lock settings of every fleet worker, from the one `--lock-ms`. A live worker renews
 * its boards' locks well within `lockMs`; BullMQ's stalled-job check, run by one live worker of
 * the fleet every `stalledInterval`, hands a board whose lock has expired back to the head of
 * the queue at its first run after the expiry: within one interval of it, or two when the dead
 * worker was the one running the checks (docs/fleet.md).
 */
export function boardLockOptions(lockMs: number): { lockDuration: number; stalledInterval: number; maxStalledCount: number } {
  return {
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
    // A board may be taken over more than once (two deploys in a row) before it finishes.
    maxStalledCount: 5,
  };
}
