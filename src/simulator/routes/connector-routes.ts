import type { OperationHandlers, RouteRequest } from '../simulator-context.js';
import { userOf } from '../simulator-context.js';
import { boardUrl, requestUrl } from '../presenters.js';
import { cursorPage } from '../paging.js';
import { invalidParameters, notFound } from '../miro-errors.js';
import { isObject } from '../item-factory.js';
import type { BoardRecord, SimulatorConnector } from '../board-store.js';

/** Connectors between two items of a board: create, list (cursor paging), get, update, delete. */
export const connectorRoutes: OperationHandlers = {
  'create-connector': {
    handle(request) {
      const { store } = request.sim;
      const record = store.boardOrThrow(request.params.board_id!);
      const body = request.body as Record<string, unknown>;
      const startItem = endpoint(record, body.startItem, 'startItem');
      const endItem = endpoint(record, body.endItem, 'endItem');
      const at = store.timestamp();
      const user = { id: userOf(request), type: 'user' };
      const connector: SimulatorConnector = {
        id: store.ids.next(),
        type: 'connector',
        startItem,
        endItem,
        shape: typeof body.shape === 'string' ? body.shape : 'curved',
        captions: Array.isArray(body.captions) ? body.captions : [],
        style: isObject(body.style) ? body.style : {},
        createdAt: at,
        createdBy: user,
        modifiedAt: at,
        modifiedBy: user,
      };
      record.connectors.set(connector.id, { seq: store.nextSeq(), value: connector });
      // The document answers a new connector with 200, unlike the items' 201.
      return { status: 200, body: present(request, connector) };
    },
  },
  'get-connectors': {
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const self = requestUrl(request.sim, `/v2/boards/${encodeURIComponent(record.board.id)}/connectors`, request.query);
      return {
        status: 200,
        body: cursorPage(record.connectors.values(), request.query, request.operation.pageSize, self, (connector) => present(request, connector)),
      };
    },
  },
  'get-connector': { handle: (request) => ({ status: 200, body: present(request, connectorOrThrow(request).connector) }) },
  'update-connector': {
    handle(request) {
      const { record, connector } = connectorOrThrow(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const startItem = body.startItem === undefined ? undefined : endpoint(record, body.startItem, 'startItem');
      const endItem = body.endItem === undefined ? undefined : endpoint(record, body.endItem, 'endItem');
      if (startItem) connector.startItem = startItem;
      if (endItem) connector.endItem = endItem;
      if (typeof body.shape === 'string') connector.shape = body.shape;
      if (Array.isArray(body.captions)) connector.captions = body.captions;
      if (isObject(body.style)) connector.style = { ...connector.style, ...body.style };
      connector.modifiedAt = request.sim.store.timestamp();
      connector.modifiedBy = { id: userOf(request), type: 'user' };
      return { status: 200, body: present(request, connector) };
    },
  },
  'delete-connector': {
    handle(request) {
      const { record, connector } = connectorOrThrow(request);
      record.connectors.delete(connector.id);
      return { status: 204 };
    },
  },
};

/** A connector end must name an item of the same board. */
function endpoint(record: BoardRecord, value: unknown, field: string): SimulatorConnector['startItem'] {
  if (!isObject(value) || typeof value.id !== 'string') throw invalidParameters(`${field}.id is required`, `${field}.id`);
  if (!record.items.has(value.id)) throw invalidParameters(`${field}.id ${value.id} is not an item of this board`, `${field}.id`);
  return { ...value, id: value.id };
}

function connectorOrThrow(request: RouteRequest) {
  const record = request.sim.store.boardOrThrow(request.params.board_id!);
  const connector = record.connectors.get(request.params.connector_id!)?.value;
  if (!connector) throw notFound('Connector', request.params.connector_id!);
  return { record, connector };
}

function present(request: RouteRequest, connector: SimulatorConnector) {
  const board = boardUrl(request.sim, request.params.board_id!);
  return {
    ...connector,
    startItem: { ...connector.startItem, links: { self: `${board}/items/${connector.startItem.id}` } },
    endItem: { ...connector.endItem, links: { self: `${board}/items/${connector.endItem.id}` } },
    links: { self: `${board}/connectors/${connector.id}` },
  };
}
