/**
 * One call through axios under every adapter (src/transport/send-request.ts and the attempt
 * adapter): a caller's signal stops the request mid-flight, and a long-lived signal collects no
 * listener per call.
 */
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { MiroApi, MiroNetworkError } from '../../src/index.js';
import { startRecordingServer } from '../support/recording-server.js';
import { TRANSPORTS } from '../support/transports.js';

let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer((request) => (request.url.includes('hang') ? { hang: true } : { body: { id: 'b1', type: 'board' } }));
});
afterAll(() => server.close());

describe.each(TRANSPORTS)('the shared exchange: %s', (_name, sendingWith) => {
  const api = () => new MiroApi('exchange-token', { baseUrl: server.url, scimBaseUrl: server.url, rateLimit: false, retry: false, ...sendingWith() });

  it('a long-lived signal holds no listener once its calls are done', async () => {
    const controller = new AbortController();
    const client = api();
    for (let i = 0; i < 5; i += 1) await firstValueFrom(client.getSpecificBoard('b1', { signal: controller.signal }));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('aborting mid-flight fails as a sent, aborted network error and closes the connection', async () => {
    const controller = new AbortController();
    const boardId = `hang-${server.requests.length}`;
    const before = server.closed.length;
    const pending = firstValueFrom(api().getSpecificBoard(boardId, { signal: controller.signal })).catch((e: unknown) => e);
    await expect.poll(() => server.requests.some((r) => r.url.endsWith(boardId))).toBe(true);
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(MiroNetworkError);
    expect(error).toMatchObject({ code: 'ERR_CANCELED', sent: true });
    await expect.poll(() => server.closed.length).toBe(before + 1);
  });

  it('a signal aborted before the call sends nothing', async () => {
    const before = server.requests.length;
    const error = await firstValueFrom(api().getSpecificBoard('b1', { signal: AbortSignal.abort() })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_CANCELED', sent: false });
    expect(server.requests.length).toBe(before);
  });
});
