import type { Observer } from 'rxjs';
import type { BulkItemResult } from './bulk-item.js';

/** Where a bulk creation stands. Counts only grow. */
export interface BulkProgress {
  /** Inputs read from the source so far. */
  received: number;
  /**
   * Number of inputs: known from the first report when `items` is an array (or another
   * array-like, or a `Set`); for an Observable, a Promise, a generator or any other iterable it
   * stays `undefined` until the source completes, since only then is its length known.
   */
  total?: number;
  /** Inputs created. */
  created: number;
  /** Inputs that failed, refused before sending included. */
  failed: number;
  /** Bulk calls started, bisection halves included. */
  requests: number;
  /** Bulk calls started and not answered yet (each carries up to 20 items). */
  requestsInFlight: number;
  /** Items carried by the calls not answered yet. */
  itemsInFlight: number;
  /** Credits of the calls started: 100 per item carried. */
  credits: number;
  /**
   * Items in calls not answered yet: the same number as `itemsInFlight`.
   * @deprecated Read `itemsInFlight` (items) or `requestsInFlight` (calls).
   */
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
  readonly #state: BulkProgress = {
    received: 0,
    created: 0,
    failed: 0,
    requests: 0,
    requestsInFlight: 0,
    itemsInFlight: 0,
    credits: 0,
    inFlight: 0,
    done: false,
  };
  readonly #observer?: Partial<Observer<BulkProgress>>;
  #ended = false;

  constructor(
    observer: BulkProgressObserver | undefined,
    readonly creditsPerItem: number,
  ) {
    this.#observer = typeof observer === 'function' ? { next: observer } : observer;
  }

  /** The run starts: reports once, with `total` when the source's length is known up front. */
  started(total: number | undefined): void {
    if (total !== undefined) this.#state.total = total;
    this.#report();
  }

  /** One more input read (no report: the request that carries it will report). */
  received(): void {
    this.#state.received += 1;
  }

  /** The source completed: what was read is the total, whatever was known before. */
  sourceComplete(): void {
    this.#state.total = this.#state.received;
    this.#report();
  }

  requestStarted(itemCount: number): void {
    this.#state.requests += 1;
    this.#state.requestsInFlight += 1;
    this.#state.credits += itemCount * this.creditsPerItem;
    this.#state.itemsInFlight += itemCount;
    this.#state.inFlight = this.#state.itemsInFlight;
    this.#report();
  }

  /** A call ended (answered, failed or aborted); its results are counted by `settled`. */
  requestEnded(itemCount: number): void {
    this.#state.requestsInFlight -= 1;
    this.#state.itemsInFlight -= itemCount;
    this.#state.inFlight = this.#state.itemsInFlight;
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

/**
 * The number of inputs when it can be known before reading them: an array or other array-like
 * (`length`), or a `Set` (`size`). Observables, promises and other iterables (generators) tell
 * their length only by completing.
 */
export function knownLength(items: unknown): number | undefined {
  if (items instanceof Set) return items.size;
  if (typeof items !== 'object' || items === null || typeof (items as { subscribe?: unknown }).subscribe === 'function') return undefined;
  const length = (items as { length?: unknown }).length;
  return typeof length === 'number' && Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}
