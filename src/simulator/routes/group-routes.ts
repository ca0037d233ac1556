import type { OperationHandlers, RouteRequest } from '../simulator-context.js';
import { boardUrl, presentItem, requestUrl } from '../presenters.js';
import { cursorPage, pageLimit } from '../paging.js';
import { invalidParameters, notFound } from '../miro-errors.js';
import { isObject } from '../item-factory.js';
import type { BoardRecord, SimulatorGroup } from '../board-store.js';

/**
 * Groups of items. Miro's document describes the create and update body with an unrelated
 * schema (user groups: id, name, type); the live API takes `{ data: { items: [ids] } }`,
 * and so does the simulator.
 */
export const groupRoutes: OperationHandlers = {
  createGroup: {
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const items = memberItems(request, record);
      const group: SimulatorGroup = { id: request.sim.store.ids.next(), type: 'group', data: { items } };
      record.groups.set(group.id, { seq: request.sim.store.nextSeq(), value: group });
      return { status: 201, body: present(request, group) };
    },
  },
  'get-all-groups': {
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const self = requestUrl(request.sim, `/v2/boards/${encodeURIComponent(record.board.id)}/groups`, request.query);
      // Miro's group list carries no `total` and no `links`: clients must page by `cursor` alone.
      const {
        total: _total,
        links: _links,
        ...page
      } = cursorPage(record.groups.values(), request.query, request.operation.pageSize, self, (group) => present(request, group));
      return { status: 200, body: page };
    },
  },
  getItemsByGroupId: {
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const groupId = request.query.get('group_item_id') ?? '';
      const group = record.groups.get(groupId)?.value;
      if (!group) throw notFound('Group', groupId);
      const limit = pageLimit(request.query, request.operation.pageSize, 10);
      const items = group.data.items.slice(0, limit).map((id) => presentItem(request.sim, record.board.id, request.sim.store.itemOrThrow(record, id)));
      return { status: 200, body: { data: { id: group.id, type: 'group', data: items }, limit, size: items.length, total: group.data.items.length } };
    },
  },
  getGroupById: { handle: (request) => ({ status: 200, body: present(request, groupOrThrow(request).group) }) },
  updateGroup: {
    handle(request) {
      const { record, group } = groupOrThrow(request);
      group.data.items = memberItems(request, record);
      return { status: 200, body: present(request, group) };
    },
  },
  unGroup: {
    handle(request) {
      const { record, group } = groupOrThrow(request);
      if (request.query.get('delete_items') === 'true') return deleteWithItems(request, record, group);
      record.groups.delete(group.id);
      return { status: 204 };
    },
  },
  deleteGroup: {
    handle(request) {
      const { record, group } = groupOrThrow(request);
      const flag = request.query.get('delete_items');
      if (flag !== 'true' && flag !== 'false') throw invalidParameters('delete_items must be true or false', 'delete_items');
      if (flag === 'true') return deleteWithItems(request, record, group);
      record.groups.delete(group.id);
      return { status: 204 };
    },
  },
};

function deleteWithItems(request: RouteRequest, record: BoardRecord, group: SimulatorGroup) {
  record.groups.delete(group.id);
  for (const id of group.data.items) request.sim.store.deleteItem(record, id);
  return { status: 204 };
}

/** The item ids a create or update names: at least two items of this board, in no other group. */
function memberItems(request: RouteRequest, record: BoardRecord): string[] {
  const data = isObject(request.body) ? request.body.data : undefined;
  const items = isObject(data) ? data.items : undefined;
  if (!Array.isArray(items) || items.length < 2 || !items.every((id) => typeof id === 'string')) {
    throw invalidParameters('data.items must list the ids of at least two items', 'data.items');
  }
  for (const id of items as string[]) {
    if (!record.items.has(id)) throw invalidParameters(`item ${id} is not on this board`, 'data.items');
    const owner = [...record.groups.values()].find((entry) => entry.value.id !== request.params.group_id && entry.value.data.items.includes(id));
    if (owner) throw invalidParameters(`item ${id} already belongs to group ${owner.value.id}`, 'data.items');
  }
  return [...new Set(items as string[])];
}

function groupOrThrow(request: RouteRequest) {
  const record = request.sim.store.boardOrThrow(request.params.board_id!);
  const group = record.groups.get(request.params.group_id!)?.value;
  if (!group) throw notFound('Group', request.params.group_id!);
  return { record, group };
}

function present(request: RouteRequest, group: SimulatorGroup) {
  return { ...group, data: { items: [...group.data.items] }, links: { self: `${boardUrl(request.sim, request.params.board_id!)}/groups/${group.id}` } };
}
