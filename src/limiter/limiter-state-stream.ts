import { Observable, Subject } from 'rxjs';
import type { RateLimitState } from './rate-limit-state.js';

/** The counters of a limiter's `RateLimitState`. */
export interface LimiterCounts {
  inFlight: number;
  inFlightCredits: number;
  sent: number;
  creditsSpent: number;
  rateLimited: number;
  cancelled: number;
  waitedMs: number;
}

/** Every counter at zero: a new limiter, or a released budget that nobody has used since. */
export function zeroCounts(): LimiterCounts {
  return { inFlight: 0, inFlightCredits: 0, sent: 0, creditsSpent: 0, rateLimited: 0, cancelled: 0, waitedMs: 0 };
}

/** What a snapshot takes from the limiter besides its counters. */
export type LimiterView = Omit<RateLimitState, keyof LimiterCounts>;

/**
 * The counters of one limiter and the stream of its snapshots (`rateLimitState$`). Snapshots
 * are only built while someone watches; a new watcher gets a fresh one first, and only it does
 * (reading the state, as `watchBoard` does before each poll, broadcasts nothing).
 */
export class LimiterStateStream {
  readonly counts = zeroCounts();
  readonly state$: Observable<RateLimitState>;
  readonly #subject = new Subject<RateLimitState>();

  constructor(
    private readonly view: () => LimiterView,
    /** Where a shared budget's watchers listen: it outlives the limiter (shared-credit-limiters.ts). */
    private readonly sink?: () => Subject<RateLimitState> | undefined,
  ) {
    this.state$ = startingNow(() => this.#snapshot(), this.#subject);
  }

  /** An attempt leaves with `weight` credits. */
  sent(weight: number): void {
    this.counts.inFlight += 1;
    this.counts.inFlightCredits += weight;
    this.counts.sent += 1;
    this.counts.creditsSpent += weight;
    this.emit();
  }

  /** An attempt's exchange ended. */
  finished(weight: number): void {
    this.counts.inFlight -= 1;
    this.counts.inFlightCredits -= weight;
  }

  emit(): void {
    if (!this.#subject.closed && this.#subject.observed) this.#subject.next(this.#snapshot());
    const sink = this.sink?.();
    if (sink?.observed) sink.next(this.#snapshot());
  }

  /** The state now, told to nobody else. */
  current(): RateLimitState {
    return this.#snapshot();
  }

  complete(): void {
    this.#subject.complete();
  }

  #snapshot(): RateLimitState {
    return { ...this.view(), ...this.counts };
  }
}

/**
 * `changes$` after a snapshot taken at subscription: rxjs's `startWith` takes its value when the
 * pipe is built, and would bring its scheduling code into every browser bundle.
 */
export function startingNow<T>(now: () => T, changes$: Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    subscriber.next(now());
    return changes$.subscribe(subscriber);
  });
}
