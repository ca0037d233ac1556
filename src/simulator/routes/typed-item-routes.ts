import { operationTable } from '../../generated/operations.js';
import type { OperationDescriptor } from '../../http/operation.js';
import type { OperationHandlers, RouteRequest, SimulatedOperation } from '../simulator-context.js';
import { userOf } from '../simulator-context.js';
import { TYPE_SEGMENTS, boardUrl, presentItem } from '../presenters.js';
import { applyItemChanges, buildItem, checkItemDescription, isObject, type ItemDescription } from '../item-factory.js';
import { fileParts, jsonPart } from '../multipart-form.js';
import { invalidParameters } from '../miro-errors.js';

const TYPES_BY_SEGMENT = new Map(Object.entries(TYPE_SEGMENTS).map(([type, segment]) => [segment, type]));

/**
 * Create, get, update and delete of each item type (`/sticky_notes`, `/shapes`, ...), found in
 * the operation table by path so that every typed endpoint of the document is covered.
 */
export const typedItemRoutes: OperationHandlers = Object.fromEntries(
  operationTable.flatMap((operation) => {
    const handler = typedHandler(operation);
    return handler ? [[operation.operationId, handler]] : [];
  }),
);

function typedHandler(operation: OperationDescriptor): SimulatedOperation | undefined {
  const match = /^\/v2\/boards\/\{board_id\}\/([a-z_]+)(\/\{item_id\})?$/.exec(operation.path);
  const type = match && TYPES_BY_SEGMENT.get(match[1]!);
  if (!type) return undefined;
  const upload = operation.body?.contentType === 'multipart/form-data';
  const withId = Boolean(match[2]);
  if (!withId && operation.method === 'POST') return { handle: (request) => createTyped(request, type, upload) };
  if (withId && operation.method === 'GET') return { handle: (request) => getTyped(request, type) };
  if (withId && operation.method === 'PATCH') return { handle: (request) => updateTyped(request, type, upload) };
  if (withId && operation.method === 'DELETE') return { handle: (request) => deleteTyped(request, type) };
  return undefined;
}

function createTyped(request: RouteRequest, type: string, upload: boolean) {
  const { sim } = request;
  const record = sim.store.boardOrThrow(request.params.board_id!);
  const description = upload ? uploadDescription(request, type, true) : { ...bodyObject(request.body), type };
  checkItemDescription(record, description, 'body');
  const item = sim.store.addItem(record, buildItem(sim.store, withResourceUrl(request, description as ItemDescription), userOf(request)));
  return { status: 201, body: presentItem(sim, record.board.id, item, false) };
}

function getTyped(request: RouteRequest, type: string) {
  const record = request.sim.store.boardOrThrow(request.params.board_id!);
  const item = request.sim.store.itemOrThrow(record, request.params.item_id!, type);
  return { status: 200, body: presentItem(request.sim, record.board.id, item, false) };
}

function updateTyped(request: RouteRequest, type: string, upload: boolean) {
  const { store } = request.sim;
  const record = store.boardOrThrow(request.params.board_id!);
  const item = store.itemOrThrow(record, request.params.item_id!, type);
  const changes = withResourceUrl(request, upload ? uploadDescription(request, type, false) : { ...bodyObject(request.body), type });
  applyItemChanges(store, record, item, { ...changes, type: undefined }, userOf(request));
  return { status: 200, body: presentItem(request.sim, record.board.id, item, false) };
}

function deleteTyped(request: RouteRequest, type: string) {
  const { store } = request.sim;
  const record = store.boardOrThrow(request.params.board_id!);
  store.itemOrThrow(record, request.params.item_id!, type);
  store.deleteItem(record, request.params.item_id!);
  return { status: 204 };
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (!isObject(body)) throw invalidParameters('the request body must be a JSON object');
  return body;
}

/** An upload's description: the `data` part's fields, with the `resource` file standing in for a URL. */
function uploadDescription(request: RouteRequest, type: string, required: boolean): ItemDescription {
  const form = request.form;
  const file = form && fileParts(form, 'resource')[0];
  if (!file && required) throw invalidParameters('the resource part (the file) is required', 'resource');
  const meta = form ? jsonPart(form, 'data') : undefined;
  if (meta !== undefined && !isObject(meta)) throw invalidParameters('the data part must be a JSON object', 'data');
  const { position, geometry, parent, ...data } = (meta ?? {}) as Record<string, unknown>;
  const description: ItemDescription = { type, data: { title: file?.fileName, ...data } };
  if (file) description.data!.url = `upload:${file.fileName}`;
  if (position !== undefined) description.position = position as ItemDescription['position'];
  if (geometry !== undefined) description.geometry = geometry as ItemDescription['geometry'];
  if (parent !== undefined) description.parent = parent as ItemDescription['parent'];
  return description;
}

/** Images and documents answer with the URL Miro serves their content from. */
function withResourceUrl(request: RouteRequest, description: ItemDescription): ItemDescription {
  const url = description.data?.url;
  if (typeof url !== 'string' || (description.type !== 'image' && description.type !== 'document')) return description;
  const kind = description.type === 'image' ? 'imageUrl' : 'documentUrl';
  const resource = `${boardUrl(request.sim, request.params.board_id!)}/resources/${description.type}s/${request.sim.store.ids.next()}?format=preview&redirect=false`;
  const { url: _url, ...data } = description.data!;
  return { ...description, data: { ...data, [kind]: url.startsWith('upload:') ? resource : url } };
}
