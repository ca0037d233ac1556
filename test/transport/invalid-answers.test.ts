/**
 * 2xx answers that cannot be what the operation returns: an empty body promised as JSON, a
 * proxy's HTML page, a truncated document. Each is an error; safe reads try again, creates do not.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { MiroApi, MiroApiError } from '../../src/index.js';
import { startRecordingServer, type Reply } from '../support/recording-server.js';
import { TRANSPORTS, type TransportUnderTest } from '../support/transports.js';

let server: Awaited<ReturnType<typeof startRecordingServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that sends `bad` to the first `badAnswers` requests, then a real board or item. */
async function flakyServer(bad: Reply, badAnswers = 1) {
  let count = 0;
  server = await startRecordingServer(() => (++count <= badAnswers ? bad : { status: 200, body: { id: '42', type: 'board' } }));
  return server;
}

let sending: TransportUnderTest = {};
const client = (url: string, retry: false | object = { retries: 3, minDelayMs: 1, maxDelayMs: 5 }) =>
  new MiroApi('invalid-answers-token', { baseUrl: url, scimBaseUrl: url, rateLimit: false, retry, ...sending });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );

const EMPTY_JSON: Reply = { status: 200, headers: { 'content-type': 'application/json' }, body: '' };
const PROXY_PAGE: Reply = { status: 200, headers: { 'content-type': 'application/json' }, body: '<html><body>Please log in to the proxy</body></html>' };
const HTML_PAGE: Reply = { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Gateway maintenance</body></html>' };
const TRUNCATED: Reply = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"42","type":"bo' };
const EMPTY_TEXT: Reply = { status: 200, headers: { 'content-type': 'text/plain' }, body: '' };
/** The recording server sends no content type when there is no body. */
const EMPTY_UNTYPED: Reply = { status: 200 };
const NO_CONTENT: Reply = { status: 204 };

describe.each(TRANSPORTS)('under the %s', (_name, sendingWith) => {
  beforeAll(() => {
    sending = sendingWith();
  });
  describe('invalid 2xx answers', () => {
    it('an empty 200 with a JSON content type is an invalid-body error, not undefined', async () => {
      const { url } = await flakyServer(EMPTY_JSON, Infinity);
      const error = await failure(firstValueFrom(client(url, false).getSpecificBoard('b1')));
      expect(error).toBeInstanceOf(MiroApiError);
      expect(error).toMatchObject({ status: 200, code: 'invalidResponseBody', operationId: 'get-specific-board' });
      expect((error as Error).message).toContain('empty');
    });

    // Operations whose every documented success has a JSON body (successMayBeEmpty false):
    // an empty success is an error whatever its content type or status claims.
    it.each([
      ['an empty 200 labelled text/plain', EMPTY_TEXT, 200],
      ['an empty 200 with no content type', EMPTY_UNTYPED, 200],
      ['a 204', NO_CONTENT, 204],
    ])('a read answered with %s is an invalid-body error with its status, not undefined', async (_, bad, status) => {
      const { url } = await flakyServer(bad, Infinity);
      const error = await failure(firstValueFrom(client(url, false).getSpecificBoard('b1')));
      expect(error).toBeInstanceOf(MiroApiError);
      expect(error).toMatchObject({ status, code: 'invalidResponseBody', operationId: 'get-specific-board', method: 'GET' });
      expect((error as Error).message).toContain('empty');
    });

    it('a create answered with an empty text/plain 201 fails once and is not repeated', async () => {
      const { url, requests } = await flakyServer({ status: 201, headers: { 'content-type': 'text/plain' }, body: '' }, Infinity);
      const error = await failure(firstValueFrom(client(url).createStickyNoteItem('b1', { data: { content: 'once' } })));
      expect(error).toMatchObject({ status: 201, code: 'invalidResponseBody', attempts: 1, method: 'POST' });
      expect(requests).toHaveLength(1);
    });

    it('operations whose documented success may be empty still complete with undefined', async () => {
      server = await startRecordingServer((request) => (request.method === 'DELETE' ? EMPTY_TEXT : { status: 202 }));
      const api = client(server.url, false);
      await expect(firstValueFrom(api.deleteBoard('b1'), { defaultValue: 'none' })).resolves.toBeUndefined();
      // update-board answers 200 with the board, or 202 with nothing.
      await expect(firstValueFrom(api.updateBoard('b1', { name: 'n' }), { defaultValue: 'none' })).resolves.toBeUndefined();
    });

    it('an empty 204 of an operation without a body still completes with undefined', async () => {
      server = await startRecordingServer(() => ({ status: 204 }));
      await expect(firstValueFrom(client(server.url, false).deleteItem('b1', 'i1'), { defaultValue: 'none' })).resolves.toBeUndefined();
    });

    it.each([
      ['an empty JSON body', EMPTY_JSON],
      ['a proxy HTML page labelled JSON', PROXY_PAGE],
      ['a proxy HTML page', HTML_PAGE],
      ['a truncated JSON document', TRUNCATED],
      ['an empty text/plain body', EMPTY_TEXT],
    ])('a GET answered with %s is retried and then succeeds', async (_, bad) => {
      const { url, requests } = await flakyServer(bad, 2);
      await expect(firstValueFrom(client(url).getSpecificBoard('b1'))).resolves.toMatchObject({ id: '42' });
      expect(requests).toHaveLength(3);
    });

    it('a GET that keeps getting a broken body gives up after the retries, with the attempts', async () => {
      const { url, requests } = await flakyServer(TRUNCATED, Infinity);
      const error = await failure(firstValueFrom(client(url).getSpecificBoard('b1')));
      expect(error).toMatchObject({ code: 'invalidResponseBody', attempts: 4 });
      expect(requests).toHaveLength(4);
    });

    it('a create answered with a broken body is not repeated: Miro may have created the item', async () => {
      const { url, requests } = await flakyServer(TRUNCATED, 1);
      const error = await failure(firstValueFrom(client(url).createStickyNoteItem('b1', { data: { content: 'once' } })));
      expect(error).toMatchObject({ code: 'invalidResponseBody', attempts: 1, method: 'POST' });
      expect(requests).toHaveLength(1);
    });
  });
});
