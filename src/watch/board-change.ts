import type { BoardItem } from '../generated/types.js';

/** An item as a watch reports it: the generated `BoardItem`, a union discriminated by `type`. */
export type WatchedItem = BoardItem;

/** The board's items when the watch (or a late subscriber to a shared watch) started. */
export interface BoardSnapshot {
  readonly kind: 'snapshot';
  readonly items: readonly WatchedItem[];
}

/**
 * One item that changed between two reads. `updated` covers content edits and moves on the
 * board; an item moved into or out of a watched frame is `added` or `removed`.
 */
export type BoardItemChange =
  | { readonly kind: 'added'; readonly item: WatchedItem; readonly previous?: undefined }
  | { readonly kind: 'updated'; readonly item: WatchedItem; readonly previous: WatchedItem }
  | { readonly kind: 'removed'; readonly item: WatchedItem; readonly previous?: undefined };

/** What `watchBoard` emits: a snapshot first (unless skipped), then changes one by one. */
export type BoardChange = BoardSnapshot | BoardItemChange;
