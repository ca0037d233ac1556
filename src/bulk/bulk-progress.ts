import type { Observer } from 'rxjs';
import type { BulkItemResult } from './bulk-item.js';

/** Where a bulk creation stands. Counts only grow. */
export interface BulkProgress {
  /** Inputs read from the source so far. */
  received: number;
  /** Number of inputs, known once the source has completed. */
  total?: number;
  /** Inputs created. */
  created: number;
  /** Inputs that failed, refused before sending included. */
  failed: number;
  /** Bulk calls started, bisection halves included. */
  requests: number;
  /** Credits of the calls started: 100 per item carried. */
  credits: number;
  /** Items in calls not answered yet. */
  inFlight: number;
  /** True once every input has a result. */
  done: boolean;
}

/**
 * Receives progress: a function, or an observer such as a `Subject` (its `complete` is called
 * when the run ends, whether it finished or was unsubscribed).
 */
export type BulkProgressObserver = Partial<Observer<BulkProgress>> | ((progress: BulkProgress) => void);

/** Counts one run and reports a snapshot at each step that matters. */
export class BulkProgressTracker {
  readonly #state: BulkProgress = { received: 0, created: 0, failed: 0, requests: 0, credits: 0, inFlight: 0, done: false };
  readonly #observer?: Partial<Observer<BulkProgress>>;
  #ended = false;

  constructor(
    observer: BulkProgressObserver | undefined,
    readonly creditsPerItem: number,
  ) {
    this.#observer = typeof observer === 'function' ? { next: observer } : observer;
  }

  /** One more input read (no report: the request that carries it will report). */
  received(): void {
    this.#state.received += 1;
  }

  sourceComplete(): void {
    this.#state.total = this.#state.received;
    this.#report();
  }

  requestStarted(itemCount: number): void {
    this.#state.requests += 1;
    this.#state.credits += itemCount * this.creditsPerItem;
    this.#state.inFlight += itemCount;
    this.#report();
  }

  /** A call ended (answered, failed or aborted); its results are counted by `settled`. */
  requestEnded(itemCount: number): void {
    this.#state.inFlight -= itemCount;
  }

  /** Final results of some inputs: created, failed, or refused before sending. */
  settled(results: readonly BulkItemResult[]): void {
    for (const result of results) {
      if (result.error) this.#state.failed += 1;
      else this.#state.created += 1;
    }
    this.#report();
  }

  /** The run is over: reports `done` when every input has a result, then completes the observer. */
  end(): void {
    if (this.#ended) return;
    const { total, created, failed } = this.#state;
    if (total !== undefined && created + failed === total) {
      this.#state.done = true;
      this.#report();
    }
    this.#ended = true;
    this.#observer?.complete?.();
  }

  #report(): void {
    if (!this.#ended) this.#observer?.next?.({ ...this.#state });
  }
}
