/**
 * Every operation of Miro's document, called through its `MiroApi` method with valid sample
 * arguments against a loopback server, checked on the wire. Samples and expectations come from
 * the document itself (test/support/spec-operations.ts), not from the generated table, so a
 * generator mistake shows up here instead of being copied into the expectation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWithInt64 } from '../../src/http/int64-json.js';
import { isObservable, lastValueFrom, toArray, type Observable } from 'rxjs';
import { MiroApi, MiroValidationError, operationTable, type Operation } from '../../src/index.js';
import axios from 'axios';
import { createMiroAxios } from '../../src/transport/miro-axios.js';
import { startRecordingServer, type RecordedRequest, type Reply } from '../support/recording-server.js';
import { loadSpecDocument } from '../support/spec-operations.js';
import { sampleCall, type SampleCall } from '../support/sample-call.js';
import { multipartParts } from '../support/multipart-parts.js';

const spec = loadSpecDocument();
const calls = new Map(spec.operations.map((operation) => [operation.operationId, sampleCall(operation, spec)]));
const covered = new Set<string>();
const SCIM_PREFIX = '/scim/v1';
const TOKEN = 'wire-test-token';

let server: Awaited<ReturnType<typeof startRecordingServer>>;
let api: MiroApi;
/** Sends through axios's fetch adapter, as in browsers without XMLHttpRequest (multipart as fetch writes it). */
let fetchApi: MiroApi;
/** Sends through a caller's own axios instance, left as axios makes it. */
let axiosApi: MiroApi;
let current: SampleCall | undefined;

beforeAll(async () => {
  server = await startRecordingServer((): Reply => {
    if (!current) return { status: 200, body: {} };
    const { status, body, contentType } = current.reply;
    return { status, body, headers: contentType ? { 'content-type': contentType } : {} };
  });
  const options = { baseUrl: server.url, scimBaseUrl: `${server.url}${SCIM_PREFIX}`, rateLimit: false, retry: false } as const;
  // The default in Node: axios's http adapter on miro-rx's own instance.
  api = new MiroApi(TOKEN, options);
  const fetching = createMiroAxios();
  fetching.defaults.adapter = 'fetch';
  fetchApi = new MiroApi(TOKEN, { ...options, axios: fetching });
  axiosApi = new MiroApi(TOKEN, { ...options, axios: axios.create({ maxRedirects: 0 }) });
});

afterAll(async () => {
  await server.close();
  console.log(`per-operation wire test: ${covered.size}/${operationTable.length} operations covered`);
});

/** Sends one call and returns everything it emitted and the one request the server saw. */
async function send(api: MiroApi, call: SampleCall, methodName: string): Promise<{ values: unknown[]; request: RecordedRequest }> {
  const method = (api as unknown as Record<string, (...args: unknown[]) => Observable<unknown>>)[methodName];
  expect(method, `MiroApi.${methodName}`).toBeTypeOf('function');
  const before = server.requests.length;
  const result$ = method!.apply(api, call.args);
  expect(isObservable(result$)).toBe(true);
  expect(server.requests.length, 'nothing is sent before subscription').toBe(before);
  current = call;
  try {
    const values = await lastValueFrom(result$.pipe(toArray()));
    expect(server.requests.length, 'one subscription sends one request').toBe(before + 1);
    return { values, request: server.requests[before]! };
  } catch (error) {
    if (error instanceof MiroValidationError) throw new Error(`the sample was refused: ${error.message}`);
    throw error;
  } finally {
    current = undefined;
  }
}

/** Calls one operation through `client` and checks what went over the wire and what came back. */
async function checkOnTheWire(client: MiroApi, operationId: string, operation: Operation): Promise<void> {
  const call = calls.get(operationId)!;
  const { values, request } = await send(client, call, operation.methodName);
  const url = new URL(request.url, server.url);
  const base = operation.server === 'scim' ? SCIM_PREFIX : '';

  expect(request.method).toBe(call.expected.method);
  expect(url.pathname).toBe(`${base}${call.expected.path}`);
  expect([...url.searchParams]).toEqual(call.expected.query);
  expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);

  const contentType = String(request.headers['content-type'] ?? '');
  if (!call.expected.contentType) {
    expect(request.body.length, 'no body').toBe(0);
  } else if (call.expected.contentType === 'multipart/form-data') {
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const parts = await multipartParts(request);
    expect(parts).toEqual(
      call.expected.parts!.map(({ name, fileName, contentType: type, text, json }) => ({
        name,
        fileName,
        contentType: type,
        text: text ?? JSON.stringify(json),
      })),
    );
  } else {
    expect(contentType).toBe(call.expected.contentType);
    expect(JSON.parse(request.body.toString('utf8'))).toEqual(call.expected.json);
  }

  // Integers beyond 2^53 in the document's examples arrive as their exact digits (int64-json.ts).
  const exact = call.reply.body === undefined ? undefined : parseWithInt64(JSON.stringify(call.reply.body));
  expect(values).toEqual([exact]);
}

describe('every operation on the wire', () => {
  it('the document, the operation table and MiroApi agree on 197 operations', () => {
    expect(spec.operations).toHaveLength(197);
    expect(operationTable.map((op) => op.operationId)).toEqual(spec.operations.map((op) => op.operationId));
  });

  it.each(operationTable.map((op) => [op.operationId, op] as const))('%s', async (operationId, operation) => {
    await checkOnTheWire(api, operationId, operation);
    covered.add(operationId);
  });

  it('covers 197/197 operations', () => {
    expect(`${covered.size}/${operationTable.length}`).toBe('197/197');
  });
});

describe('every operation on the wire through axios fetch adapter (browsers, workers, Deno)', () => {
  it.each(operationTable.map((op) => [op.operationId, op] as const))('%s', async (operationId, operation) => {
    await checkOnTheWire(fetchApi, operationId, operation);
  });
});

describe("every operation on the wire through axios's own adapter (a caller's axios instance)", () => {
  it.each(operationTable.map((op) => [op.operationId, op] as const))('%s', async (operationId, operation) => {
    await checkOnTheWire(axiosApi, operationId, operation);
  });
});

describe('operations that share a route are told apart on the wire', () => {
  const wire = async (result$: Observable<unknown>) => {
    const before = server.requests.length;
    await lastValueFrom(result$.pipe(toArray()));
    const { method, url } = server.requests[before]!;
    const parsed = new URL(url, server.url);
    return { method, path: parsed.pathname, query: Object.fromEntries(parsed.searchParams) };
  };

  it('get-items, get-items-within-frame and get-items-by-tag: one URL, three queries', async () => {
    const items = await wire(api.getItems('b1', { limit: 50 }));
    const withinFrame = await wire(api.getItemsWithinFrame('b1', { parentItemId: '3458764517517852417', limit: 50 }));
    const byTag = await wire(api.getItemsByTag('b1', { tagId: 't1', limit: 50 }));
    expect(new Set([items.path, withinFrame.path, byTag.path])).toEqual(new Set(['/v2/boards/b1/items']));
    expect(items.query).toEqual({ limit: '50' });
    expect(withinFrame.query).toEqual({ parent_item_id: '3458764517517852417', limit: '50' });
    expect(byTag.query).toEqual({ limit: '50', tag_id: 't1' });
  });

  it('delete-item and remove-tag-from-item: only tag_id tells them apart', async () => {
    const deleted = await wire(api.deleteItem('b1', 'i1'));
    const untagged = await wire(api.removeTagFromItem('b1', 'i1', { tagId: 't1' }));
    expect(deleted).toEqual({ method: 'DELETE', path: '/v2/boards/b1/items/i1', query: {} });
    expect(untagged).toEqual({ method: 'DELETE', path: '/v2/boards/b1/items/i1', query: { tag_id: 't1' } });
  });

  it('the table records which operations share each of these routes', () => {
    const shares = (id: string) => [...operationTable.find((op) => op.operationId === id)!.sharesRouteWith].sort();
    expect(shares('get-items')).toEqual(['get-items-by-tag', 'get-items-within-frame']);
    expect(shares('delete-item')).toEqual(['remove-tag-from-item']);
    expect(shares('create-items')).toEqual(['create-items-in-bulk-using-file-from-device']);
  });
});
