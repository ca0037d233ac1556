/**
 * Errors a newcomer meets before anything is sent: a token source that fails, bad arguments of
 * the helpers (bulkCreateItems, watchBoard), a MiroApi given where a MiroClient belongs. Each
 * names the operation, its method and path, like the operations' own errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY, firstValueFrom, lastValueFrom, throwError, toArray } from 'rxjs';
import { MiroAccessTokenError, MiroApi, MiroError, MiroOAuthError, MiroValidationError } from '../../src/index.js';
import { getAllItems, getSpecificBoard, watchBoard } from '../../src/operations.js';
import { startRecordingServer } from '../support/recording-server.js';

let server: Awaited<ReturnType<typeof startRecordingServer>>;
const options = () => ({ baseUrl: server.url, scimBaseUrl: `${server.url}/scim`, rateLimit: false as const, retry: false as const });
const failureOf = (value$: Parameters<typeof firstValueFrom>[0]) =>
  firstValueFrom(value$).then(
    () => undefined,
    (error: unknown) => error,
  );

beforeAll(async () => {
  server = await startRecordingServer(() => ({ status: 200, body: { id: 'b1', name: 'Roadmap', data: [], total: 0, size: 0, limit: 10 } }));
});
afterAll(() => server.close());

describe('a token source that gives no token', () => {
  it('fails with MiroAccessTokenError naming the call, its cause kept, nothing sent', async () => {
    const before = server.requests.length;
    const storageDown = new Error('token storage unreachable');
    const cases: Array<[string, MiroApi]> = [
      [
        'threw',
        new MiroApi(() => {
          throw storageDown;
        }, options()),
      ],
      ['threw', new MiroApi(() => Promise.reject(storageDown), options())],
      ['threw', new MiroApi(() => throwError(() => storageDown), options())],
      ['completed-empty', new MiroApi(() => EMPTY, options())],
      ['empty-token', new MiroApi(() => Promise.resolve(''), options())],
    ];
    for (const [reason, api] of cases) {
      const error = (await failureOf(api.getSpecificBoard('b 1'))) as MiroAccessTokenError;
      expect(error).toBeInstanceOf(MiroAccessTokenError);
      expect(error).toMatchObject({ reason, operationId: 'get-specific-board', method: 'GET', path: '/v2/boards/b%201', sent: false });
      expect(error.message).toMatch(/\(get-specific-board: GET \/v2\/boards\/b%201\)$/);
      if (reason === 'threw') {
        expect(error.cause).toBe(storageDown);
        expect(error.message).toContain('token storage unreachable');
      }
    }
    expect(server.requests.length).toBe(before);
  });

  it("passes a miro-rx error of the source (Miro.as's OAuth errors) unchanged", async () => {
    const oauth = new MiroOAuthError('user u1 is not authorised', { reason: 'not-authorized', userId: 'u1' } as never);
    const error = await failureOf(new MiroApi(() => throwError(() => oauth), options()).getSpecificBoard('b1'));
    expect(error).toBe(oauth);
  });
});

describe("helpers' bad arguments", () => {
  it('bulkCreateItems lists every bad argument in a MiroValidationError naming create-items', async () => {
    const api = new MiroApi('token', options());
    const error = (await failureOf(api.bulkCreateItems('', null as never, { batchSize: 0, concurrency: 1.5 }))) as MiroValidationError;
    expect(error).toBeInstanceOf(MiroValidationError);
    expect(error.issues.map((issue) => issue.field)).toEqual(['boardId', 'items', 'options.batchSize', 'options.concurrency']);
    expect(error).toMatchObject({ operationId: 'create-items', method: 'POST', path: '/v2/boards/{board_id}/items/bulk' });
    expect(error.message).toMatch(/\(create-items: POST \/v2\/boards\/\{board_id\}\/items\/bulk\)$/);
  });

  it('bulkCreateItems names the route in the error of one bad item too', async () => {
    const api = new MiroApi('token', options());
    const [result] = await lastValueFrom(api.bulkCreateItems('b1', [{ type: 'sticky_note', data: 42 } as never]).pipe(toArray()));
    expect(result!.error).toBeInstanceOf(MiroValidationError);
    expect(result!.error!.message).toMatch(/items\[0\]\.data .*\(create-items: POST \/v2\/boards\/\{board_id\}\/items\/bulk\)$/);
  });

  it('watchBoard refuses bad options with a MiroValidationError naming get-items, not a TypeError', async () => {
    const api = new MiroApi('token', options());
    const error = (await failureOf(api.watchBoard('b1', { intervalMs: -1, maxBudgetShare: 2 }))) as MiroValidationError;
    expect(error).toBeInstanceOf(MiroValidationError);
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error.issues.map((issue) => issue.field)).toEqual(['options.intervalMs', 'options.maxBudgetShare']);
    expect(error.message).toMatch(/\(get-items: GET \/v2\/boards\/\{board_id\}\/items\)$/);
  });
});

describe('a MiroApi given to an operation function', () => {
  it('fails with an error that points to api.client, for single calls and paginators alike', async () => {
    const api = new MiroApi('token', options());
    const before = server.requests.length;
    for (const call$ of [getSpecificBoard(api as never, 'b1'), getAllItems(api as never, 'b1'), watchBoard(api as never, 'b1')]) {
      const error = (await failureOf(call$)) as MiroError;
      expect(error).toBeInstanceOf(MiroError);
      expect(error.message).toMatch(/takes a MiroClient as its first argument, and was given a MiroApi: pass `api\.client`/);
    }
    expect(server.requests.length).toBe(before);
    // The fix the message names works.
    await expect(firstValueFrom(getSpecificBoard(api.client, 'b1'))).resolves.toMatchObject({ id: 'b1' });
  });
});
