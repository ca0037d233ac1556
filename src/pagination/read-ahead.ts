import { BehaviorSubject, filter, map, take, type Observable, type Subscription } from 'rxjs';

/**
 * Bounded read-ahead: counts pages fetched but not yet processed, and opens the way to the next
 * request only while fewer than `limit` are outstanding (a request in flight counts as one).
 * RxJS has no backpressure, so the consumer reports progress on `processed$`: one emission per
 * unit processed (an item for item streams, a page for page streams).
 */
export class ReadAhead {
  /** Cumulative unit count at the end of each fetched page not yet fully processed. */
  readonly #pageEnds: number[] = [];
  #received = 0;
  #processed = 0;
  #inFlight = false;
  readonly #changed = new BehaviorSubject<void>(undefined);
  readonly #subscription: Subscription;

  constructor(
    readonly limit: number,
    processed$: Observable<unknown>,
    onError: (error: unknown) => void,
  ) {
    this.#subscription = processed$.subscribe({
      next: () => {
        // More acknowledgements than units received would open the gate early: ignore them.
        if (this.#processed < this.#received) this.#processed += 1;
        this.#changed.next();
      },
      error: onError,
    });
  }

  /** Pages fetched (or being fetched) whose units are not all processed yet. */
  get pagesAhead(): number {
    while (this.#pageEnds.length > 0 && this.#pageEnds[0]! <= this.#processed) this.#pageEnds.shift();
    return this.#pageEnds.length + (this.#inFlight ? 1 : 0);
  }

  /** Emits once, when one more page may be requested. */
  readonly open$: Observable<void> = this.#changed.pipe(
    filter(() => this.pagesAhead < this.limit),
    take(1),
    map(() => undefined),
  );

  requested(): void {
    this.#inFlight = true;
  }

  /** A page arrived with `units` units to process. */
  received(units: number): void {
    this.#inFlight = false;
    this.#received += units;
    this.#pageEnds.push(this.#received);
  }

  /** The request failed or was dropped: it no longer counts as outstanding. */
  settled(): void {
    this.#inFlight = false;
  }

  close(): void {
    this.#subscription.unsubscribe();
    this.#changed.complete();
  }
}

/** Checks `readAhead` and `processed$` together: one without the other is a mistake. */
export function checkReadAhead(readAhead: unknown, processed$: unknown): number | undefined {
  if (readAhead === undefined && processed$ === undefined) return undefined;
  if (typeof readAhead !== 'number' || !Number.isInteger(readAhead) || readAhead < 1) {
    throw new TypeError(`readAhead must be an integer >= 1 (pages fetched ahead of processing), got ${String(readAhead)}`);
  }
  if (typeof processed$ !== 'object' || processed$ === null || typeof (processed$ as Observable<unknown>).subscribe !== 'function') {
    throw new TypeError('readAhead needs processed$: an Observable that emits once per item (or page) the consumer has processed');
  }
  return readAhead;
}
