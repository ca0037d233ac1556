import { identity, Observable } from 'rxjs';
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
    const inside = <U>(source$: Observable<U>) => new Observable<U>((inner) => work.call(() => source$.subscribe(inner)));
    let ended = false;
    const end = (error?: unknown) => {
      if (ended) return;
      ended = true;
      work.end(error);
    };
    const subscription = work.within(() =>
      build(inside).subscribe({
        // Results reach the subscriber in the context it subscribed in (the response arrives in
        // the call's): a call it starts then is a sibling of this work, not a child.
        next: (value) => work.outside(() => subscriber.next(value)),
        error: (error: unknown) => {
          end(error);
          work.outside(() => subscriber.error(error));
        },
        complete: () => {
          end();
          work.outside(() => subscriber.complete());
        },
      }),
    );
    return () => {
      subscription.unsubscribe();
      end();
    };
  });
}
