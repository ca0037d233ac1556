import { identity, Observable, type Observer, type Subscriber, type Subscription, type Unsubscribable } from 'rxjs';
import type { TracedWork, WorkSource } from './miro-telemetry.js';

const untraced = identity as <U>(source$: Observable<U>) => Observable<U>;

/**
 * Runs the Observable that `build` makes inside a span started at subscription (by `start`,
 * which returns undefined when nothing records: then the source runs untouched). `inside`
 * wraps each inner call so that it subscribes within the span, whatever context is active
 * when an operator such as `expand` or `mergeMap` subscribes to it later. The span ends with
 * the source: completed, failed (the error recorded) or unsubscribed.
 */
export function tracedWork$<T>(start: (() => TracedWork | undefined) | undefined, build: WorkSource<T>): Observable<T> {
  if (!start) return build(untraced);
  return new Observable<T>((subscriber) => {
    const work = start();
    if (!work) return build(untraced).subscribe(subscriber);
    const traced = new TracedSubscription(work, subscriber, build);
    traced.subscription = work.within(subscribeSource, traced);
    return traced;
  });
}

/**
 * One subscription to traced work: observer of the source and teardown at once, so that a call
 * (a span on every call while an SDK records) allocates one object here, not five closures.
 */
class TracedSubscription<T> implements Observer<T>, Unsubscribable {
  subscription: Subscription | undefined;
  #ended = false;
  /** Makes an inner call (a page, a batch) subscribe within the work, counted as one of its calls. */
  readonly inside = <U>(inner$: Observable<U>): Observable<U> => new Observable<U>((inner) => this.work.call(() => inner$.subscribe(inner)));

  constructor(
    readonly work: TracedWork,
    readonly subscriber: Subscriber<T>,
    readonly build: WorkSource<T>,
  ) {}

  // Results reach the subscriber in the context it subscribed in (the response arrives in the
  // call's): a call it starts then is a sibling of this work, not a child.
  next(value: T): void {
    this.work.outside(deliverNext, this, value);
  }

  error(error: unknown): void {
    this.#end(error);
    this.work.outside(deliverError, this, error);
  }

  complete(): void {
    this.#end();
    this.work.outside(deliverComplete, this, undefined);
  }

  unsubscribe(): void {
    this.subscription?.unsubscribe();
    this.#end();
  }

  #end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.work.end(error);
  }
}

function subscribeSource<T>(traced: TracedSubscription<T>): Subscription {
  return traced.build(traced.inside).subscribe(traced);
}

function deliverNext<T>(traced: TracedSubscription<T>, value: T): void {
  traced.subscriber.next(value);
}

function deliverError<T>(traced: TracedSubscription<T>, error: unknown): void {
  traced.subscriber.error(error);
}

function deliverComplete<T>(traced: TracedSubscription<T>): void {
  traced.subscriber.complete();
}
