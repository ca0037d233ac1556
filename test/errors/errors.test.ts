/**
 * Each error class, produced by a real answer or a real failure on loopback: no mocked axios.
 */
import * as z from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { MiroApi, MiroApiError, MiroError, MiroNetworkError, MiroRateLimitError, MiroTimeoutError, MiroValidationError } from '../../src/index.js';
import { startRecordingServer } from '../support/recording-server.js';
import { failureReplies } from '../support/failure-replies.js';
import { closedPortUrl } from '../support/closed-port.js';

let server: Awaited<ReturnType<typeof startRecordingServer>>;
let api: MiroApi;

beforeAll(async () => {
  server = await startRecordingServer(failureReplies);
  api = new MiroApi('errors-test-token', { baseUrl: server.url, scimBaseUrl: `${server.url}/scim`, rateLimit: false, retry: false });
});
afterAll(() => server.close());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
const boardError = (boardId: string, options = {}) => failure(firstValueFrom(api.getSpecificBoard(boardId, options)));
const route = (boardId: string) => ({ operationId: 'get-specific-board', method: 'GET', path: `/v2/boards/${boardId}` });

describe('errors from real answers and failures', () => {
  it('MiroApiError carries Miro error body, request id and the route', async () => {
    const error = await boardError('not-found');
    expect(error).toBeInstanceOf(MiroApiError);
    expect(error).not.toBeInstanceOf(MiroRateLimitError);
    expect(error).toMatchObject({
      ...route('not-found'),
      status: 404,
      code: 'notFound',
      context: { fields: [{ field: 'board_id', message: 'no such board' }] },
      type: 'error',
      requestId: 'req-404',
    });
    expect((error as Error).message).toBe('404: Board not found (get-specific-board: GET /v2/boards/not-found)');
  });

  it('a 5xx with an HTML body is a MiroApiError with a short message', async () => {
    const error = (await boardError('server-error')) as MiroApiError;
    expect(error).toBeInstanceOf(MiroApiError);
    expect(error).toMatchObject({ ...route('server-error'), status: 502 });
    expect(error.message).toContain('<html>bad gateway');
  });

  it('MiroRateLimitError reads X-RateLimit-* and Retry-After', async () => {
    const error = (await boardError('rate-limited')) as MiroRateLimitError;
    expect(error).toBeInstanceOf(MiroRateLimitError);
    expect(error).toBeInstanceOf(MiroApiError);
    expect(error).toMatchObject({ ...route('rate-limited'), status: 429, code: 'tooManyRequests' });
    expect(error.rateLimit).toEqual({ limit: 100_000, remaining: 0, resetAt: 1_900_000_000_000 });
    expect(error.resetAt).toBe(1_900_000_000_000);
    expect(error.retryAfterMs).toBe(7_000);
  });

  it('MiroNetworkError for a reset connection says the request may have been sent', async () => {
    const error = await boardError('reset');
    expect(error).toBeInstanceOf(MiroNetworkError);
    expect(error).not.toBeInstanceOf(MiroTimeoutError);
    expect(error).toMatchObject({ ...route('reset'), code: 'ECONNRESET', sent: true });
  });

  it('MiroNetworkError for a refused connection says nothing was sent', async () => {
    const refused = new MiroApi('errors-test-token', { baseUrl: await closedPortUrl(), scimBaseUrl: await closedPortUrl(), rateLimit: false, retry: false });
    const error = await failure(firstValueFrom(refused.getSpecificBoard('b1')));
    expect(error).toBeInstanceOf(MiroNetworkError);
    expect(error).toMatchObject({ ...route('b1'), code: 'ECONNREFUSED', sent: false });
  });

  it('MiroTimeoutError when no answer comes within timeoutMs', async () => {
    const error = await boardError('hang', { timeoutMs: 150 });
    expect(error).toBeInstanceOf(MiroTimeoutError);
    expect(error).toBeInstanceOf(MiroNetworkError);
    expect(error).toMatchObject({ ...route('hang'), timeoutMs: 150, sent: true });
    expect((error as Error).message).toContain('no answer within 150 ms');
  });

  it('the client-wide timeoutMs applies when the call gives none', async () => {
    const impatient = new MiroApi('t0ken-value', { baseUrl: server.url, scimBaseUrl: server.url, timeoutMs: 120, rateLimit: false, retry: false });
    const error = await failure(firstValueFrom(impatient.getSpecificBoard('hang')));
    expect(error).toMatchObject({ name: 'MiroTimeoutError', timeoutMs: 120 });
  });

  it('an answer that is not valid JSON is a MiroApiError, not a crash', async () => {
    const error = await boardError('broken-json');
    expect(error).toBeInstanceOf(MiroApiError);
    expect(error).toMatchObject({ ...route('broken-json'), status: 200, code: 'invalidResponseBody' });
  });

  it('MiroValidationError names every bad field and the route, and sends nothing', async () => {
    const before = server.requests.length;
    const error = (await failure(
      firstValueFrom(api.createStickyNoteItem('', { data: { content: 42, shape: 'hexagon' }, position: { x: 'left' } } as never, {})),
    )) as MiroValidationError;
    expect(error).toBeInstanceOf(MiroValidationError);
    expect(error).toBeInstanceOf(MiroError);
    expect(error.operationId).toBe('create-sticky-note-item');
    expect(error.method).toBe('POST');
    expect(error.path).toBe('/v2/boards/{board_id}/sticky_notes');
    expect(error.issues.map((issue) => issue.field).sort()).toEqual(['boardId', 'body.data.content', 'body.data.shape', 'body.position.x']);
    for (const field of ['boardId', 'body.data.content', 'body.data.shape', 'body.position.x']) expect(error.message).toContain(field);
    expect(server.requests.length).toBe(before);
  });

  it('MiroValidationError names unknown and missing query parameters', async () => {
    const error = (await failure(firstValueFrom(api.getItemsWithinFrame('b1', { limit: 500, parentId: 'x' } as never)))) as MiroValidationError;
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { field: 'query.parentItemId', message: 'is required' },
        { field: 'query.limit', message: 'must be at most 50' },
        { field: 'query.parentId', message: 'is not a parameter of this operation' },
      ]),
    );
  });

  it('MiroValidationError says what is wrong in plain English, whatever language the app set for zod', async () => {
    z.config(z.locales.de()); // an app's own choice for its own forms
    const error = (await failure(
      firstValueFrom(api.updateBoard('b1', { name: 'x'.repeat(61), policy: { sharingPolicy: { access: 'everyone' } } } as never)),
    ).finally(() => z.config(z.locales.en()))) as MiroValidationError;
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { field: 'body.name', message: 'too big: expected string to have <=60 characters' },
        { field: 'body.policy.sharingPolicy.access', message: expect.stringMatching(/^invalid option: expected one of "private"\|/) },
      ]),
    );
  });
});
