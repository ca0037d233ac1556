import type { OperationHandlers, RouteRequest } from '../simulator-context.js';
import { userOf } from '../simulator-context.js';
import { presentItem } from '../presenters.js';
import { buildItem, checkItemDescription, isObject, type ItemDescription } from '../item-factory.js';
import { fileParts, jsonPart, type FormPart } from '../multipart-form.js';
import { SimulatorHttpError, invalidParameters } from '../miro-errors.js';
import type { BoardRecord } from '../board-store.js';

/** Miro's bulk limits. */
export const BULK_MAX_ITEMS = 20;
export const BULK_MAX_UPLOAD_BYTES = 6 * 1024 * 1024;

/**
 * Bulk creation, transactional as Miro's: every item is checked before the first is created,
 * so one bad item fails the call and the board is left as it was.
 */
export const bulkRoutes: OperationHandlers = {
  'create-items': {
    itemCount: (request) => jsonItems(request).length,
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const descriptions = jsonItems(request);
      descriptions.forEach((description, index) => checkItemDescription(record, description, `items[${index}]`));
      return created(request, record, descriptions as ItemDescription[]);
    },
  },
  'create-items-in-bulk-using-file-from-device': {
    itemCount: (request) => uploadedFiles(request).length,
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const files = uploadedFiles(request);
      const meta = request.form ? jsonPart(request.form, 'data') : undefined;
      if (!Array.isArray(meta)) throw invalidParameters('the data part must be a JSON array describing each file, in order', 'data');
      if (meta.length !== files.length) {
        throw invalidParameters(`the data part describes ${meta.length} item(s) but ${files.length} file(s) were sent in resources`, 'data');
      }
      const descriptions = files.map((file, index) => uploadDescription(file, meta[index], index));
      descriptions.forEach((description, index) => checkItemDescription(record, description, `data[${index}]`));
      return created(request, record, descriptions);
    },
  },
};

function jsonItems(request: RouteRequest): unknown[] {
  const body = request.body;
  if (!Array.isArray(body) || body.length < 1 || body.length > BULK_MAX_ITEMS) {
    throw invalidParameters(`the body must be an array of 1 to ${BULK_MAX_ITEMS} items`, 'body');
  }
  return body;
}

function uploadedFiles(request: RouteRequest): FormPart[] {
  const files = request.form ? fileParts(request.form, 'resources') : [];
  if (files.length === 0) throw invalidParameters('the resources part must hold at least one file', 'resources');
  if (files.length > BULK_MAX_ITEMS) throw invalidParameters(`at most ${BULK_MAX_ITEMS} files per call, got ${files.length}`, 'resources');
  const bytes = files.reduce((sum, file) => sum + file.data.length, 0);
  if (bytes > BULK_MAX_UPLOAD_BYTES) {
    const message = `the files add up to ${bytes} bytes; at most ${BULK_MAX_UPLOAD_BYTES} (6 MB) per call`;
    throw new SimulatorHttpError(413, 'payloadTooLarge', message, { fields: [{ field: 'resources', message }] });
  }
  return files;
}

function uploadDescription(file: FormPart, meta: unknown, index: number): ItemDescription {
  if (!isObject(meta)) throw invalidParameters(`data[${index}] must be an object`, `data[${index}]`);
  const type = (meta.type as string | undefined) ?? (file.contentType.startsWith('image/') ? 'image' : 'document');
  if (type !== 'image' && type !== 'document')
    throw invalidParameters(`data[${index}].type must be image or document, got ${JSON.stringify(type)}`, `data[${index}].type`);
  const { position, geometry, parent, data, type: _type, ...fields } = meta;
  const description: ItemDescription = { type, data: { title: file.fileName, ...fields, ...(isObject(data) ? data : {}), url: `upload:${file.fileName}` } };
  if (position !== undefined) description.position = position as ItemDescription['position'];
  if (geometry !== undefined) description.geometry = geometry as ItemDescription['geometry'];
  if (parent !== undefined) description.parent = parent as ItemDescription['parent'];
  return description;
}

function created(request: RouteRequest, record: BoardRecord, descriptions: ItemDescription[]) {
  const { sim } = request;
  const userId = userOf(request);
  const items = descriptions.map((description) => buildItem(sim.store, description, userId));
  for (const item of items) {
    // Images and documents answer with the URL their content is served from: the one given,
    // or for an uploaded file, one on the simulator.
    const url = item.data?.url;
    if (typeof url === 'string' && (item.type === 'image' || item.type === 'document')) {
      const { url: _url, ...data } = item.data!;
      const key = item.type === 'image' ? 'imageUrl' : 'documentUrl';
      const served = `${sim.url}/v2/boards/${encodeURIComponent(record.board.id)}/resources/${item.type}s/${item.id}?format=preview&redirect=false`;
      item.data = { ...data, [key]: url.startsWith('upload:') ? served : url };
    }
    sim.store.addItem(record, item);
  }
  return { status: 201, body: { data: items.map((item) => presentItem(sim, record.board.id, item)), type: 'bulk-list' } };
}
