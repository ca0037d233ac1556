import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { MiroApi, MiroApiError, MiroNetworkError, MiroTimeoutError } from '../../src/index.js';
import { nodeHttpAxios } from '../../src/node/index.js';
import { startRecordingServer } from '../support/recording-server.js';
import { closedPortUrl } from '../support/closed-port.js';

let server: Awaited<ReturnType<typeof startRecordingServer>>;
const client = (baseUrl: string, timeoutMs = 10_000) =>
  new MiroApi('node-transport-token', { baseUrl, scimBaseUrl: `${baseUrl}/scim`, rateLimit: false, retry: false, timeoutMs, axios: nodeHttpAxios() });

beforeAll(async () => {
  server = await startRecordingServer((request) => {
    if (request.url.includes('missing')) return { status: 404, body: { status: 404, code: 'notFound', message: 'Board not found', type: 'error' } };
    if (request.url.includes('hang')) return { hang: true };
    if (request.url.includes('reset')) return { reset: true };
    return { body: { id: 'b1' }, headers: { 'x-ratelimit-limit': '100000', 'x-ratelimit-remaining': '99950', 'x-ratelimit-reset': '1900000000' } };
  });
});
afterAll(() => server.close());

describe('nodeHttpAxios: the lean Node transport', () => {
  it('answers with status, headers and the parsed body', async () => {
    const response = await firstValueFrom(client(server.url).getSpecificBoard('b1', { observe: 'response' }));
    expect(response).toMatchObject({ status: 200, body: { id: 'b1' }, rateLimit: { limit: 100_000, remaining: 99_950, resetAt: 1_900_000_000_000 } });
  });

  it('maps an error status to MiroApiError with Miro fields', async () => {
    const error = await firstValueFrom(client(server.url).getSpecificBoard('missing')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroApiError);
    expect(error).toMatchObject({ status: 404, code: 'notFound' });
  });

  it('times out as MiroTimeoutError', async () => {
    const error = await firstValueFrom(client(server.url, 200).getSpecificBoard('hang')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroTimeoutError);
  });

  it('reports a refused connection as not sent and a reset one as maybe sent', async () => {
    const refused = await firstValueFrom(client(await closedPortUrl()).getSpecificBoard('b1')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MiroNetworkError);
    expect(refused).toMatchObject({ code: 'ECONNREFUSED', sent: false });
    const reset = await firstValueFrom(client(server.url).getSpecificBoard('reset')).catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(MiroNetworkError);
    expect(reset).toMatchObject({ code: 'ECONNRESET', sent: true });
  });

  it('aborts the exchange when the subscriber leaves: the server sees the connection close', async () => {
    const before = server.closed.length;
    const subscription = client(server.url).getSpecificBoard('hang-then-leave').subscribe();
    await expect.poll(() => server.requests.some((r) => r.url.includes('hang-then-leave'))).toBe(true);
    subscription.unsubscribe();
    await expect.poll(() => server.closed.length).toBe(before + 1);
  });
});
