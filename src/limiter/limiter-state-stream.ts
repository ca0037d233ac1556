import { BehaviorSubject, defer, type Observable } from 'rxjs';
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

/** What a snapshot takes from the limiter besides its counters. */
export type LimiterView = Omit<RateLimitState, keyof LimiterCounts>;

/**
 * The counters of one limiter and the stream of its snapshots (`rateLimitState$`). Snapshots
 * are only built while someone watches; a new watcher gets a fresh one first.
 */
export class LimiterStateStream {
  readonly counts: LimiterCounts = { inFlight: 0, inFlightCredits: 0, sent: 0, creditsSpent: 0, rateLimited: 0, cancelled: 0, waitedMs: 0 };
  readonly state$: Observable<RateLimitState>;
  readonly #subject: BehaviorSubject<RateLimitState>;

  constructor(private readonly view: () => LimiterView) {
    this.#subject = new BehaviorSubject(this.#snapshot());
    this.state$ = defer(() => {
      this.emit(true);
      return this.#subject.asObservable();
    });
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

  emit(always = false): void {
    if (!this.#subject.closed && (always || this.#subject.observed)) this.#subject.next(this.#snapshot());
  }

  complete(): void {
    this.#subject.complete();
  }

  #snapshot(): RateLimitState {
    return { ...this.view(), ...this.counts };
  }
}
