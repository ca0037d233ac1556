import {
  type Observable,
  type OperatorFunction,
  catchError,
  concat,
  connect,
  filter,
  last,
  map,
  merge,
  of,
  scan,
  switchMap,
  timer,
} from 'rxjs';
import type { BoardChange } from 'miro-rx';
import { describeProblem } from './board-problem';
import {
  type BoardView,
  type ItemView,
  RETRY_AFTER_MS,
  type Tally,
  toItemView,
  viewOf,
} from './board-view';

/**
 * Keeps a board view live: once the first read has loaded, applies the board's changes from
 * `watch()` (a `watchBoard` stream) to the list. The watch's snapshot replaces the list first,
 * so that whatever changed between the first read and the watch's start is not missed.
 */
export function withLiveChanges(
  watch: () => Observable<BoardChange>,
  retryAfterMs = RETRY_AFTER_MS,
): OperatorFunction<BoardView, BoardView> {
  return (views$) =>
    views$.pipe(
      connect((view$) =>
        merge(
          view$,
          view$.pipe(
            last(undefined, undefined),
            filter((view): view is BoardView => view?.status === 'loaded'),
            switchMap((loaded) => live(loaded.items, watch, retryAfterMs)),
          ),
        ),
      ),
    );
}

/** The list kept up to date by the watch; when Miro cannot be reached, says so and watches again. */
function live(
  items: readonly ItemView[],
  watch: () => Observable<BoardChange>,
  retryAfterMs: number,
): Observable<BoardView> {
  return watch().pipe(
    scan(applyChange, items),
    map((current) => viewOf('loaded', tallyOf(current))),
    catchError((error: unknown) => {
      const problem = describeProblem(error);
      const shown = of<BoardView>({ status: 'error', items: [], counts: [], problem });
      return problem.retrying
        ? concat(shown, timer(retryAfterMs).pipe(switchMap(() => live(items, watch, retryAfterMs))))
        : shown;
    }),
  );
}

function applyChange(items: readonly ItemView[], change: BoardChange): readonly ItemView[] {
  switch (change.kind) {
    case 'snapshot':
      return change.items.map(toItemView);
    case 'added':
      return [...items, toItemView(change.item)];
    case 'updated': {
      const next = toItemView(change.item);
      return items.map((item) => (item.id === next.id ? next : item));
    }
    case 'removed':
      return items.filter((item) => item.id !== change.item.id);
  }
}

function tallyOf(items: readonly ItemView[]): Tally {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
  return { items, counts };
}
