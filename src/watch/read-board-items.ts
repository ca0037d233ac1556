import { concat, defer, reduce, type Observable } from 'rxjs';
import type { MiroApiMethods } from '../generated/miro-api-methods.js';
import type { WatchedItem } from './board-change.js';
import type { WatchSettings } from './watch-board-options.js';
import type { ClientTelemetry } from '../telemetry/miro-telemetry.js';

/** The paged reads a watch uses, and the client's telemetry (a span per poll) when it has one. */
export type BoardItemsReader = Pick<MiroApiMethods, 'getAllItemsPages' | 'getAllItemsWithinFramePages'> & { readonly telemetry?: ClientTelemetry };

/**
 * One complete read of the watched items, keyed by id: one paged read per type filter (or one
 * for all), through the streaming paginator. Emits once, at the end; a read that fails part way
 * emits nothing, so that no half read is ever compared. `onPage` is told of every page received;
 * `inside` subscribes each paged read within the poll's span.
 */
export function readBoardItems(
  api: BoardItemsReader,
  boardId: string,
  settings: WatchSettings,
  onPage: () => void,
  inside: <U>(read$: Observable<U>) => Observable<U> = (read$) => read$,
): Observable<Map<string, WatchedItem>> {
  const types = settings.types.length > 0 ? settings.types : [undefined];
  const reads = types.map((type) =>
    defer(() => {
      const { parentItemId } = settings;
      const pages$ = parentItemId
        ? api.getAllItemsWithinFramePages(boardId, { parentItemId, ...(type ? { type } : {}) })
        : api.getAllItemsPages(boardId, type ? { type } : {});
      return inside(pages$);
    }),
  );
  // A fresh map per subscription: the read is cold and may be repeated.
  return defer(() =>
    concat(...reads).pipe(
      reduce((items, page) => {
        onPage();
        for (const item of page.items as readonly WatchedItem[]) items.set(item.id, item);
        return items;
      }, new Map<string, WatchedItem>()),
    ),
  );
}
