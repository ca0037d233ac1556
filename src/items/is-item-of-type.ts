import type { BoardItem, BoardItemOfType, BoardItemType } from '../generated/types.js';

/**
 * Narrows a board item to one type exactly. Comparing `item.type === 'sticky_note'` keeps the
 * open member (an item of a future type could carry any type string), so `data` fields read as
 * `unknown` there; this guard leaves only `StickyNoteBoardItem`. It checks `type` alone: an item
 * of a type it is not asked about passes through untouched elsewhere.
 *
 * @example
 * api.getAllItems(boardId).pipe(filter((item) => isItemOfType(item, 'sticky_note')))
 *   .subscribe((note) => note.data.content);
 */
export function isItemOfType<T extends BoardItemType>(item: BoardItem, type: T): item is BoardItemOfType<T> {
  return item.type === type;
}
