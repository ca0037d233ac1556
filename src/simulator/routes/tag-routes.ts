import type { OperationHandlers, RouteRequest } from '../simulator-context.js';
import { boardUrl, presentItem, requestUrl } from '../presenters.js';
import { offsetPage } from '../paging.js';
import { invalidParameters, notFound } from '../miro-errors.js';
import type { BoardRecord, SimulatorTag } from '../board-store.js';

/** Miro allows at most this many tags on one item. */
const MAX_TAGS_PER_ITEM = 8;

/** Tags: create, list (offset paging), get, update, delete; attach, remove, items by tag, tags of an item. */
export const tagRoutes: OperationHandlers = {
  'create-tag': {
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const { title, fillColor } = request.body as { title: string; fillColor?: string };
      if ([...record.tags.values()].some((tag) => tag.title === title))
        throw invalidParameters(`a tag titled ${JSON.stringify(title)} already exists on this board`, 'title');
      const tag: SimulatorTag = { id: request.sim.store.ids.next(), type: 'tag', title, fillColor: fillColor ?? 'red' };
      record.tags.set(tag.id, tag);
      return { status: 201, body: presentTag(request, tag) };
    },
  },
  'get-tags-from-board': {
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const self = requestUrl(request.sim, `/v2/boards/${encodeURIComponent(record.board.id)}/tags`, request.query);
      return { status: 200, body: offsetPage([...record.tags.values()], request.query, request.operation.pageSize, self, (tag) => presentTag(request, tag)) };
    },
  },
  'get-tag': { handle: (request) => ({ status: 200, body: presentTag(request, tagOrThrow(request, request.params.tag_id!)) }) },
  'update-tag': {
    handle(request) {
      const tag = tagOrThrow(request, request.params.tag_id!);
      const { title, fillColor } = (request.body ?? {}) as { title?: string; fillColor?: string };
      if (title !== undefined) tag.title = title;
      if (fillColor !== undefined) tag.fillColor = fillColor;
      return { status: 200, body: presentTag(request, tag) };
    },
  },
  'delete-tag': {
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const tag = tagOrThrow(request, request.params.tag_id!);
      record.tags.delete(tag.id);
      for (const tags of record.itemTags.values()) tags.delete(tag.id);
      return { status: 204 };
    },
  },
  'attach-tag-to-item': {
    handle(request) {
      const { record, itemId, tag } = itemAndTag(request);
      const tags = record.itemTags.get(itemId) ?? new Set<string>();
      if (!tags.has(tag.id) && tags.size >= MAX_TAGS_PER_ITEM) throw invalidParameters(`an item carries at most ${MAX_TAGS_PER_ITEM} tags`, 'tag_id');
      tags.add(tag.id);
      record.itemTags.set(itemId, tags);
      return { status: 204 };
    },
  },
  'remove-tag-from-item': {
    handle(request) {
      const { record, itemId, tag } = itemAndTag(request);
      record.itemTags.get(itemId)?.delete(tag.id);
      return { status: 204 };
    },
  },
  'get-items-by-tag': {
    handle(request) {
      const tag = tagOrThrow(request, request.query.get('tag_id') ?? '');
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const items = [...record.items.values()].filter((entry) => record.itemTags.get(entry.value.id)?.has(tag.id)).map((entry) => entry.value);
      const self = requestUrl(request.sim, `/v2/boards/${encodeURIComponent(record.board.id)}/items`, request.query);
      return {
        status: 200,
        body: offsetPage(items, request.query, request.operation.pageSize, self, (item) => presentItem(request.sim, record.board.id, item)),
      };
    },
  },
  'get-tags-from-item': {
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const item = request.sim.store.itemOrThrow(record, request.params.item_id!);
      const tags = [...(record.itemTags.get(item.id) ?? [])].map((id) => presentTag(request, record.tags.get(id)!));
      return { status: 200, body: { tags } };
    },
  },
};

function tagOrThrow(request: RouteRequest, tagId: string): SimulatorTag {
  const record = request.sim.store.boardOrThrow(request.params.board_id!);
  const tag = record.tags.get(tagId);
  if (!tag) throw notFound('Tag', tagId);
  return tag;
}

function itemAndTag(request: RouteRequest): { record: BoardRecord; itemId: string; tag: SimulatorTag } {
  const record = request.sim.store.boardOrThrow(request.params.board_id!);
  const itemId = request.sim.store.itemOrThrow(record, request.params.item_id!).id;
  const tagId = request.query.get('tag_id');
  if (!tagId) throw invalidParameters('tag_id is required', 'tag_id');
  return { record, itemId, tag: tagOrThrow(request, tagId) };
}

function presentTag(request: RouteRequest, tag: SimulatorTag) {
  return { ...tag, links: { self: `${boardUrl(request.sim, request.params.board_id!)}/tags/${tag.id}` } };
}
