import {
  type Observable,
  type OperatorFunction,
  catchError,
  connect,
  filter,
  last,
  map,
  merge,
  of,
  scan,
  switchMap,
} from 'rxjs';
import type { BoardChange } from 'miro-rx';
import {
  type BoardView,
  type ItemView,
  type Tally,
  describeError,
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
): OperatorFunction<BoardView, BoardView> {
  return (views$) =>
    views$.pipe(
      connect((view$) =>
        merge(
          view$,
          view$.pipe(
            last(undefined, undefined),
            filter((view): view is BoardView => view?.status === 'loaded'),
            switchMap((loaded) =>
              watch().pipe(
                scan(applyChange, loaded.items),
                map((items) => viewOf('loaded', tallyOf(items))),
                catchError((error: unknown) =>
                  of<BoardView>({
                    status: 'error',
                    items: [],
                    counts: [],
                    error: describeError(error),
                  }),
                ),
              ),
            ),
          ),
        ),
      ),
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
