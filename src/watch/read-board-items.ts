import { concat, defer, reduce, type Observable } from 'rxjs';
import type { MiroApiMethods } from '../generated/miro-api-methods.js';
import type { WatchedItem } from './board-change.js';
import type { WatchSettings } from './watch-board-options.js';

/** The paged reads a watch uses. */
export type BoardItemsReader = Pick<MiroApiMethods, 'getAllItemsPages' | 'getAllItemsWithinFramePages'>;

/**
 * One complete read of the watched items, keyed by id: one paged read per type filter (or one
 * for all), through the streaming paginator. Emits once, at the end; a read that fails part way
 * emits nothing, so that no half read is ever compared. `onPage` is told of every page received.
 */
export function readBoardItems(api: BoardItemsReader, boardId: string, settings: WatchSettings, onPage: () => void): Observable<Map<string, WatchedItem>> {
  const types = settings.types.length > 0 ? settings.types : [undefined];
  const reads = types.map((type) =>
    defer(() => {
      const { parentItemId } = settings;
      const pages$ = parentItemId
        ? api.getAllItemsWithinFramePages(boardId, { parentItemId, ...(type ? { type } : {}) })
        : api.getAllItemsPages(boardId, type ? { type } : {});
      return pages$;
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
