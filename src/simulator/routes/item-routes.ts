import type { OperationHandlers, RouteRequest } from '../simulator-context.js';
import { userOf } from '../simulator-context.js';
import { presentItem, requestUrl } from '../presenters.js';
import { cursorPage } from '../paging.js';
import { applyItemChanges } from '../item-factory.js';
import { invalidParameters } from '../miro-errors.js';
import type { SimulatorItem } from '../types.js';
import { itemsInOrder, type Sequenced } from '../board-store.js';

/** Generic items: list (cursor paging, `type` filter), list within a frame, get, move, delete. */
export const itemRoutes: OperationHandlers = {
  'get-items': { handle: (request) => listItems(request) },
  'get-items-within-frame': {
    handle(request) {
      const parentId = request.query.get('parent_item_id');
      if (!parentId) throw invalidParameters('parent_item_id is required', 'parent_item_id');
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      request.sim.store.itemOrThrow(record, parentId, 'frame');
      return listItems(request, (item) => item.parent?.id === parentId);
    },
  },
  'get-specific-item': {
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const item = request.sim.store.itemOrThrow(record, request.params.item_id!);
      return { status: 200, body: presentItem(request.sim, record.board.id, item) };
    },
  },
  'update-item-position-or-parent': {
    handle(request) {
      const { store } = request.sim;
      const record = store.boardOrThrow(request.params.board_id!);
      const item = store.itemOrThrow(record, request.params.item_id!);
      const { position, parent } = (request.body ?? {}) as Record<string, unknown>;
      applyItemChanges(store, record, item, { position, parent }, userOf(request));
      return { status: 200, body: presentItem(request.sim, record.board.id, item) };
    },
  },
  'delete-item': {
    handle(request) {
      const { store } = request.sim;
      const record = store.boardOrThrow(request.params.board_id!);
      store.itemOrThrow(record, request.params.item_id!);
      store.deleteItem(record, request.params.item_id!);
      return { status: 204 };
    },
  },
};

const keepAll = (): boolean => true;

function listItems(request: RouteRequest, keep: (item: SimulatorItem) => boolean = keepAll) {
  const { sim, query, operation, params } = request;
  const record = sim.store.boardOrThrow(params.board_id!);
  const type = query.get('type');
  const filtered = keep !== keepAll || type;
  // Unfiltered listings page a cached array by binary search: O(log n) per page on large boards.
  const entries = filtered ? filterEntries(itemsInOrder(record), (item) => keep(item) && (!type || item.type === type)) : itemsInOrder(record);
  const self = requestUrl(sim, `/v2/boards/${encodeURIComponent(record.board.id)}/items`, query);
  return { status: 200, body: cursorPage(entries, query, operation.pageSize, self, (item) => presentItem(sim, record.board.id, item)) };
}

function* filterEntries(entries: Iterable<Sequenced<SimulatorItem>>, keep: (item: SimulatorItem) => boolean) {
  for (const entry of entries) if (keep(entry.value)) yield entry;
}
