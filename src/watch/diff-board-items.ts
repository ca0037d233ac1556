import type { BoardItemChange, WatchedItem } from './board-change.js';

/**
 * Changes from one complete read to the next, by id. An item counts as updated when its
 * `modifiedAt` moved; with the same `modifiedAt` its content is compared too, because Miro's
 * timestamps have whole seconds and two edits (or a read between them) can share one.
 */
export function diffBoardItems(before: ReadonlyMap<string, WatchedItem>, after: ReadonlyMap<string, WatchedItem>): BoardItemChange[] {
  const changes: BoardItemChange[] = [];
  for (const [id, item] of after) {
    const previous = before.get(id);
    if (!previous) changes.push({ kind: 'added', item });
    else if (changed(previous, item)) changes.push({ kind: 'updated', item, previous });
  }
  for (const [id, item] of before) if (!after.has(id)) changes.push({ kind: 'removed', item });
  return changes;
}

function changed(previous: WatchedItem, item: WatchedItem): boolean {
  if (previous.modifiedAt !== item.modifiedAt) return true;
  return JSON.stringify(previous) !== JSON.stringify(item);
}
