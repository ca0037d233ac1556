/**
 * A path parameter `.` or `..` would retarget the request (`deleteItem(boardId, '..')` becomes
 * `DELETE /v2/boards/<id>/` once a WHATWG URL parser normalises it). It is refused before
 * sending, under every transport, with the parameter named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { MiroApi, MiroValidationError } from '../../src/index.js';
import { startRecordingServer } from '../support/recording-server.js';
import { TRANSPORTS } from '../support/transports.js';

let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer(() => ({ status: 204 }));
});
afterAll(() => server.close());

describe.each(TRANSPORTS)('dot segments in path parameters: %s', (_name, sendingWith) => {
  const api = () => new MiroApi('dot-segment-token', { baseUrl: server.url, scimBaseUrl: server.url, rateLimit: false, retry: false, ...sendingWith() });

  it.each([
    ['..', 'itemId', (a: MiroApi) => a.deleteItem('board-1', '..')],
    ['.', 'itemId', (a: MiroApi) => a.deleteItem('board-1', '.')],
    ['..', 'boardId', (a: MiroApi) => a.getSpecificBoard('..')],
  ])('"%s" as %s is a MiroValidationError naming it, and nothing is sent', async (_value, field, call) => {
    const before = server.requests.length;
    const error = await firstValueFrom(call(api()), { defaultValue: 'completed' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroValidationError);
    expect((error as MiroValidationError).issues).toContainEqual({ field, message: expect.stringContaining('"."') });
    expect((error as Error).message).toContain(field);
    expect(server.requests.length).toBe(before);
  });

  it('a value that merely contains dots is sent, encoded, to the route it names', async () => {
    await firstValueFrom(api().deleteItem('board-1', '...'), { defaultValue: 'completed' });
    await firstValueFrom(api().deleteItem('board-1', '../x'), { defaultValue: 'completed' });
    expect(server.requests.slice(-2).map((r) => r.url)).toEqual(['/v2/boards/board-1/items/...', '/v2/boards/board-1/items/..%2Fx']);
  });
});
