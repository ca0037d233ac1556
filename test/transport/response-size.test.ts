/**
 * Answers too large to hold: a plain body over the cap, and a gzip bomb (a few hundred KB that
 * inflate to 300 MB). Under every transport each ends as a MiroResponseTooLargeError, counted
 * after decompression and stopped while arriving, never as a crash or ERR_STRING_TOO_LONG.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { MiroApi, MiroError, MiroResponseTooLargeError } from '../../src/index.js';
import { DEFAULT_MAX_RESPONSE_BYTES, MAX_RESPONSE_BYTES_LIMIT } from '../../src/transport/response-size.js';
import { errorFromFailure } from '../../src/errors/error-factory.js';
import { MAX_TOKEN_RESPONSE_BYTES, requestToken$ } from '../../src/oauth/token-endpoint.js';
import { startRecordingServer, type Reply } from '../support/recording-server.js';
import { TRANSPORTS } from '../support/transports.js';

const MB = 1024 * 1024;
// Gzip members concatenated are one valid gzip stream: 300 members of 1 MB of zeros each.
const BOMB = Buffer.concat(Array.from({ length: 300 }, () => gzipSync(Buffer.alloc(MB))));
const big = (bytes: number) => JSON.stringify({ id: 'b1', type: 'board', description: 'x'.repeat(bytes) });
const GZIP_JSON = { 'content-type': 'application/json', 'content-encoding': 'gzip' };

let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer((request): Reply => {
    const last = request.url.split('?')[0]!.split('/').pop();
    if (last === 'bomb' || request.url.startsWith('/token-bomb/')) return { headers: GZIP_JSON, body: BOMB };
    if (last === 'big') return { body: big(2 * MB) };
    if (last === 'big-error') return { status: 500, body: big(2 * MB) };
    if (last === 'small-gzip') return { headers: GZIP_JSON, body: gzipSync(Buffer.from(big(100_000))) };
    return { body: { id: last, type: 'board' } };
  });
});
afterAll(() => server.close());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${typeof value}`);
    },
    (error: unknown) => error,
  );

describe.each(TRANSPORTS)('response size cap: %s', (_name, sendingWith) => {
  const api = (options: { maxResponseBytes?: number; retry?: object | false } = {}) =>
    new MiroApi('size-cap-token', { baseUrl: server.url, scimBaseUrl: server.url, rateLimit: false, retry: false, ...sendingWith(), ...options });

  it('a gzip bomb fails with MiroResponseTooLargeError under the default cap', async () => {
    expect(BOMB.length).toBeLessThan(MB); // small on the wire...
    const error = await failure(firstValueFrom(api().getSpecificBoard('bomb')));
    expect(error).toBeInstanceOf(MiroResponseTooLargeError);
    expect(error).toBeInstanceOf(MiroError);
    expect(error).toMatchObject({ maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES, operationId: 'get-specific-board', sent: true });
  });

  it('a plain body over the cap fails, and is not retried', async () => {
    const before = server.requests.length;
    const error = await failure(firstValueFrom(api({ maxResponseBytes: MB, retry: { retries: 3, minDelayMs: 1 } }).getSpecificBoard('big')));
    expect(error).toBeInstanceOf(MiroResponseTooLargeError);
    expect((error as Error).message).toContain(`${MB} bytes`);
    expect(server.requests.length - before).toBe(1);
  });

  it('an error answer over the cap fails the same way', async () => {
    const error = await failure(firstValueFrom(api({ maxResponseBytes: MB }).getSpecificBoard('big-error')));
    expect(error).toBeInstanceOf(MiroResponseTooLargeError);
  });

  it('answers under the cap, compressed or not, still arrive whole', async () => {
    const board = (await firstValueFrom(api({ maxResponseBytes: MB }).getSpecificBoard('small-gzip'))) as { description: string };
    expect(board.description).toHaveLength(100_000);
    await expect(firstValueFrom(api({ maxResponseBytes: 200 }).getSpecificBoard('tiny'))).resolves.toEqual({ id: 'tiny', type: 'board' });
    // The cap leaves axios's adapter in place: each names itself in User-Agent.
    expect(String(server.requests.at(-1)!.headers['user-agent'] ?? '')).toMatch(/^axios\//);
  });
});

describe('maxResponseBytes option', () => {
  it.each([0, -1, 1.5, Number.NaN, MAX_RESPONSE_BYTES_LIMIT + 1, '10' as unknown as number])('refuses %j with a message naming it', (value) => {
    expect(() => new MiroApi('t', { maxResponseBytes: value })).toThrow(/maxResponseBytes must be a whole number/);
  });

  it('a body past V8 string limit (ERR_STRING_TOO_LONG from decoding) maps to the size error', () => {
    const context = { operationId: 'op', method: 'GET' as const, path: '/p' };
    const decodingFailure = Object.assign(new Error('Cannot create a string longer than 0x1fffffe8 characters'), { code: 'ERR_STRING_TOO_LONG' });
    const limits = { timeoutMs: 1000, maxResponseBytes: 10 };
    expect(errorFromFailure(context, limits, decodingFailure)).toBeInstanceOf(MiroResponseTooLargeError);
    expect(errorFromFailure(context, limits, Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).not.toBeInstanceOf(MiroResponseTooLargeError);
  });
});

describe.each(TRANSPORTS)("the OAuth token endpoint's answer is capped too: %s", (_name, sendingWith) => {
  it('a gzip bomb from /v1/oauth/token is MiroResponseTooLargeError', async () => {
    const token$ = requestToken$({
      axios: sendingWith().axios!,
      apiBaseUrl: `${server.url}/token-bomb`,
      timeoutMs: 10_000,
      form: { grant_type: 'authorization_code', code: 'c' },
      userId: 'u',
    });
    const error = await failure(firstValueFrom(token$));
    expect(error).toBeInstanceOf(MiroResponseTooLargeError);
    expect(error).toMatchObject({ maxResponseBytes: MAX_TOKEN_RESPONSE_BYTES, operationId: 'oauth-token' });
  });
});
