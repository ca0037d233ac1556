import type { OperationHandlers, RouteRequest } from '../simulator-context.js';
import { userOf } from '../simulator-context.js';
import { presentBoard, requestUrl } from '../presenters.js';
import { offsetPage } from '../paging.js';
import { invalidParameters } from '../miro-errors.js';
import { isObject } from '../item-factory.js';

/** Boards: list (offset paging), create, copy, get, update, delete. */
export const boardRoutes: OperationHandlers = {
  'get-boards': {
    handle(request) {
      const { sim, query, operation } = request;
      const name = query.get('query')?.toLowerCase();
      const owner = query.get('owner');
      const team = query.get('team_id');
      const boards = [...sim.store.boards.values()]
        .map((record) => record.board)
        .filter((board) => !team || (board.team as { id: string }).id === team)
        .filter((board) => !name || board.name.toLowerCase().includes(name))
        .filter((board) => !owner || (board.owner as { id: string }).id === owner);
      return { status: 200, body: offsetPage(boards, query, operation.pageSize, requestUrl(sim, '/v2/boards', query), (board) => presentBoard(sim, board)) };
    },
  },
  'create-board': {
    handle(request) {
      const fields = boardFields(request.body);
      const record = request.sim.store.createBoard(fields, userOf(request));
      return { status: 201, body: presentBoard(request.sim, record.board) };
    },
  },
  'copy-board': {
    handle(request) {
      const { store } = request.sim;
      const sourceId = request.query.get('copy_from');
      if (!sourceId) throw invalidParameters('copy_from is required', 'copy_from');
      const source = store.boardOrThrow(sourceId);
      const fields = boardFields(request.body ?? {});
      const copy = store.createBoard({ name: source.board.name, description: source.board.description, ...fields }, userOf(request));
      // New ids throughout; parents, tags and connectors follow the items they belong to.
      const idMap = new Map<string, string>();
      for (const { value } of source.items.values()) idMap.set(value.id, store.ids.next());
      for (const { value } of source.items.values()) {
        const item = structuredClone(value);
        item.id = idMap.get(value.id)!;
        if (item.parent) item.parent = { id: idMap.get(item.parent.id) ?? item.parent.id };
        store.addItem(copy, item);
      }
      const tagMap = new Map<string, string>();
      for (const tag of source.tags.values()) {
        const id = store.ids.next();
        tagMap.set(tag.id, id);
        copy.tags.set(id, { ...tag, id });
      }
      for (const [itemId, tags] of source.itemTags) {
        copy.itemTags.set(idMap.get(itemId)!, new Set([...tags].map((tag) => tagMap.get(tag)!)));
      }
      for (const { value } of source.connectors.values()) {
        const id = store.ids.next();
        copy.connectors.set(id, {
          seq: store.nextSeq(),
          value: {
            ...structuredClone(value),
            id,
            startItem: { ...value.startItem, id: idMap.get(value.startItem.id)! },
            endItem: { ...value.endItem, id: idMap.get(value.endItem.id)! },
          },
        });
      }
      return { status: 201, body: presentBoard(request.sim, copy.board) };
    },
  },
  'get-specific-board': {
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      return { status: 200, body: presentBoard(request.sim, record.board) };
    },
  },
  'update-board': {
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const fields = boardFields(request.body);
      Object.assign(record.board, fields, {
        modifiedAt: request.sim.store.timestamp(),
        modifiedBy: { id: userOf(request), type: 'user', name: userOf(request) },
      });
      return { status: 200, body: presentBoard(request.sim, record.board) };
    },
  },
  'delete-board': {
    handle(request: RouteRequest) {
      request.sim.store.boardOrThrow(request.params.board_id!);
      request.sim.store.boards.delete(request.params.board_id!);
      return { status: 204 };
    },
  },
};

/** The fields of a board a create, copy or update call may set. */
function boardFields(body: unknown): { name?: string; description?: string } {
  if (body === undefined) return {};
  if (!isObject(body)) throw invalidParameters('the request body must be an object');
  const fields: { name?: string; description?: string } = {};
  if (body.name !== undefined) fields.name = String(body.name);
  if (body.description !== undefined) fields.description = String(body.description);
  return fields;
}
