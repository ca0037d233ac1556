/**
 * `miro-rx/operations`: every operation function, called with a `MiroClient` and the same sample
 * arguments as its `MiroApi` method, sends the same request and emits the same answer; every
 * streaming helper's first page likewise. The method runs first, the function second, against
 * one loopback server; what each put on the wire is compared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastValueFrom, take, toArray, type Observable } from 'rxjs';
import { MiroApi, MiroClient, operationTable, paginatorTable } from '../../src/index.js';
import * as operations from '../../src/operations.js';
import { startRecordingServer, type RecordedRequest, type Reply } from '../support/recording-server.js';
import { loadSpecDocument } from '../support/spec-operations.js';
import { sampleCall, type SampleCall } from '../support/sample-call.js';
import { multipartParts } from '../support/multipart-parts.js';

const spec = loadSpecDocument();
const calls = new Map(spec.operations.map((operation) => [operation.operationId, sampleCall(operation, spec)]));
const TOKEN = 'functions-test-token';
const POSITION = { cursor: 'cursor', offset: 'offset', scim: 'startIndex' } as const;
type Call = (...args: unknown[]) => Observable<unknown>;

let server: Awaited<ReturnType<typeof startRecordingServer>>;
let api: MiroApi;
let client: MiroClient;
let current: SampleCall | undefined;

beforeAll(async () => {
  server = await startRecordingServer((): Reply => {
    if (!current) return { status: 200, body: {} };
    const { status, body, contentType } = current.reply;
    return { status, body, headers: contentType ? { 'content-type': contentType } : {} };
  });
  const options = { baseUrl: server.url, scimBaseUrl: `${server.url}/scim/v1`, rateLimit: false, retry: false } as const;
  api = new MiroApi(TOKEN, options);
  client = new MiroClient(TOKEN, options);
});
afterAll(() => server.close());

/** What a request carried, with the multipart boundary (random per request) taken out. */
async function wire(request: RecordedRequest) {
  const contentType = String(request.headers['content-type'] ?? '');
  const multipart = contentType.startsWith('multipart/form-data');
  return {
    method: request.method,
    url: request.url,
    authorization: request.headers.authorization,
    contentType: multipart ? 'multipart/form-data' : contentType,
    body: multipart ? await multipartParts(request) : request.body.toString('utf8'),
  };
}

/** Subscribes to `call$`, returning what it emitted and the requests it sent. */
async function run(call: SampleCall, call$: Observable<unknown>) {
  const before = server.requests.length;
  current = call;
  try {
    const values = await lastValueFrom(call$.pipe(toArray()));
    return { values, requests: await Promise.all(server.requests.slice(before).map(wire)) };
  } finally {
    current = undefined;
  }
}

const method = (name: string) => (api as unknown as Record<string, Call>)[name]!.bind(api);
const operationFunction = (name: string) => (operations as unknown as Record<string, Call | undefined>)[name];

describe('operation functions send what the methods send', () => {
  it.each(operationTable.map((op) => [op.operationId, op.methodName] as const))('%s', async (operationId, methodName) => {
    const call = calls.get(operationId)!;
    const send = operationFunction(methodName);
    expect(send, `miro-rx/operations exports ${methodName}`).toBeTypeOf('function');
    const viaMethod = await run(call, method(methodName)(...call.args));
    const viaFunction = await run(call, send!(client, ...call.args));
    expect(viaMethod.requests).toHaveLength(1);
    expect(viaFunction).toEqual(viaMethod);
  });
});

describe('streaming helper functions read what the helper methods read', () => {
  it.each(paginatorTable.map((entry) => [entry.pages, entry] as const))('%s', async (_, entry) => {
    const call = calls.get(entry.operationId)!;
    const paths = call.operation.pathParameters.length;
    const { [POSITION[entry.pagination]]: _position, ...query } = (call.args[paths] ?? {}) as Record<string, unknown>;
    const args = [...call.args.slice(0, paths), query];
    for (const name of [entry.items, entry.pages]) expect(operationFunction(name), `miro-rx/operations exports ${name}`).toBeTypeOf('function');
    const viaMethod = await run(call, method(entry.pages)(...args).pipe(take(1)));
    const viaFunction = await run(call, operationFunction(entry.pages)!(client, ...args).pipe(take(1)));
    expect(viaMethod.requests).toHaveLength(1);
    expect(viaFunction).toEqual(viaMethod);
  });
});
