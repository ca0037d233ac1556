import type Bottleneck from 'bottleneck';
import type { CreditReport, CreditWindow } from './credit-window.js';

/**
 * Where a credit limiter keeps its budget: in this process (`LocalCreditStore`) or in Redis,
 * shared by every process spending the same budget (`miro-rx/node`). The limiter decides when;
 * the store applies the window rules (credit-window.ts) and moves Bottleneck's reservoir by
 * signed deltas (local: at once, bottleneck-queue-control.ts) or atomically in Redis.
 */
export interface CreditStore {
  /** Queues and grants jobs; a job's weight is its cost in credits. */
  readonly limiter: Bottleneck;
  /** Credits per window planned for now, when the store tracks it (it may follow the server). */
  readonly budget?: number;
  /** What this process knows of the server's window. */
  readonly window: CreditWindow;
  /** Credits this process believes it may still grant in the window (may be negative after a 429). */
  readonly creditsLeft: number;
  /** Applies an answer's headers; `reporterWeight` is the cost of the request that got them (still in flight). */
  report(report: CreditReport, reporterWeight: number): Promise<void>;
  /** Applies a 429: nothing is granted until `resetAt`. */
  rateLimited(resetAt: number, reporterWeight: number): Promise<void>;
  /**
   * The local timer reached `dueAt`, the end of the window: open the next one, less
   * `lateCredits` (answered after `dueAt` without headers: the server may have counted them in it).
   */
  roll(dueAt: number, lateCredits: number): Promise<void>;
  /** While the window is unknown, lets exactly `weight` credits through (the first request, alone). */
  probe(weight: number): Promise<void>;
  /** A granted request was cancelled before it was sent: its credits go back. */
  refund(weight: number): Promise<void>;
  /** Takes a queued job out (bottleneck-queue-control.ts); false when it was granted meanwhile. */
  dropQueued(jobId: string): Promise<boolean>;
  /**
   * The limiter's count of credits in flight (sent, not yet answered), which the local store
   * subtracts from what the server says is left; it drops the moment an answer is read, where
   * Bottleneck's running weight drops only once the job is freed, some microtasks later. In
   * Redis, Bottleneck's cluster-wide `running` plays this part.
   */
  countInFlight?(credits: () => number): void;
  /** The store can never serve again (its Redis handshake failed for good): the budget is made again at its next call. */
  readonly broken?: boolean;
  /** Stops timers and connections. */
  close(): Promise<void>;
}

/** What a store needs to know of the budget. */
export interface CreditStoreConfig {
  /** The explicit `rateLimit.budget` (a cap), or the default used until the server tells its limit. */
  budget: number;
  /** No explicit budget: spend what the server's `X-RateLimit-Limit` allows. */
  followServer?: boolean;
  windowMs: number;
  maxConcurrent: number;
}
