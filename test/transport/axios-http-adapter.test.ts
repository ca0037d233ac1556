/**
 * axios's Node http adapter as miro-rx's default instance (and `nodeHttpAxios()` from
 * miro-rx/node) sends with: bodies and headers, compression, timeouts, aborts, keep-alive
 * connections shared by every client, proxies from the environment, a caller's own agent.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { firstValueFrom } from 'rxjs';
import { MiroApi, MiroApiError, MiroNetworkError, MiroTimeoutError } from '../../src/index.js';
import { nodeHttpAxios } from '../../src/node/index.js';
import { startRecordingServer, type Reply } from '../support/recording-server.js';
import { closedPortUrl } from '../support/closed-port.js';

const BOARD = { id: 'b1', name: 'Roadmap ✓' };
const ENCODED: Record<string, (data: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };

let server: Awaited<ReturnType<typeof startRecordingServer>>;

beforeAll(async () => {
  server = await startRecordingServer((request): Reply => {
    if (request.url.includes('missing')) return { status: 404, body: { status: 404, code: 'notFound', message: 'Board not found', type: 'error' } };
    if (request.url.includes('hang')) return { hang: true };
    if (request.url.includes('reset')) return { reset: true };
    const encoding = /encoded-(\w+)/.exec(request.url)?.[1];
    if (encoding) {
      return { body: ENCODED[encoding]!(Buffer.from(JSON.stringify(BOARD))), headers: { 'content-type': 'application/json', 'content-encoding': encoding } };
    }
    return { body: BOARD, headers: { 'x-ratelimit-limit': '100000', 'x-ratelimit-remaining': '99950', 'x-ratelimit-reset': '1900000000' } };
  });
});
afterAll(() => server.close());

const transports = [
  ['the default client', () => undefined],
  ['nodeHttpAxios() from miro-rx/node', () => nodeHttpAxios()],
] as const;

describe.each(transports)('axios http adapter: %s', (_name, makeAxios) => {
  const client = (baseUrl: string, timeoutMs = 10_000) =>
    new MiroApi('node-transport-token', { baseUrl, scimBaseUrl: `${baseUrl}/scim`, rateLimit: false, retry: false, timeoutMs, axios: makeAxios() });

  it('sends through axios (it names itself in User-Agent)', async () => {
    await firstValueFrom(client(server.url).getSpecificBoard('b1'));
    expect(server.requests.at(-1)!.headers['user-agent']).toMatch(/^axios\//);
  });

  it('answers with status, headers and the parsed body', async () => {
    const response = await firstValueFrom(client(server.url).getSpecificBoard('b1', { observe: 'response' }));
    expect(response).toMatchObject({ status: 200, body: BOARD, rateLimit: { limit: 100_000, remaining: 99_950, resetAt: 1_900_000_000_000 } });
  });

  it('sends to the path under the base URL, with the query, encoding what a request line cannot carry', async () => {
    await firstValueFrom(client(`${server.url}/gateway/miro`).getItems('b1', { limit: 10, type: 'sticky_note' }));
    expect(server.requests.at(-1)!.url).toBe('/gateway/miro/v2/boards/b1/items?limit=10&type=sticky_note');
    await firstValueFrom(client(`${server.url}/präfix`).getSpecificBoard('b1'));
    expect(server.requests.at(-1)!.url).toBe('/pr%C3%A4fix/v2/boards/b1');
  });

  it.each(Object.keys(ENCODED))('asks for compressed answers and decodes %s', async (encoding) => {
    const response = await firstValueFrom(client(server.url).getSpecificBoard(`encoded-${encoding}`, { observe: 'response' }));
    expect(response.body).toEqual(BOARD);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(server.requests.at(-1)!.headers['accept-encoding']).toMatch(/gzip.*deflate.*br/);
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
    const boardId = `hang-then-leave-${server.requests.length}`;
    const subscription = client(server.url).getSpecificBoard(boardId).subscribe();
    await expect.poll(() => server.requests.some((r) => r.url.endsWith(boardId))).toBe(true);
    subscription.unsubscribe();
    await expect.poll(() => server.closed.length).toBe(before + 1);
  });
});

describe('connections', () => {
  it('clients made per user or per request share keep-alive connections instead of a pool each', async () => {
    let connections = 0;
    const counting = http.createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(BOARD));
    });
    counting.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => counting.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(counting.address() as import('node:net').AddressInfo).port}`;
    try {
      for (let i = 0; i < 20; i += 1) {
        const api = new MiroApi(`user-${i}`, { baseUrl: url, rateLimit: false, retry: false });
        await firstValueFrom(api.getSpecificBoard('b1'));
      }
      expect(connections).toBe(1);
    } finally {
      counting.closeAllConnections();
      await new Promise<void>((resolve) => counting.close(() => resolve()));
    }
  });
});

describe('what axios brings', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('a proxy named in the environment: the request goes through it, as axios sends it', async () => {
    const proxy = await startRecordingServer(() => ({ body: { id: 'via-proxy' } }));
    try {
      delete process.env.NO_PROXY;
      delete process.env.no_proxy;
      process.env.HTTP_PROXY = proxy.url;
      const api = new MiroApi('proxy-token', { baseUrl: server.url, rateLimit: false, retry: false });
      await expect(firstValueFrom(api.getSpecificBoard('b1'))).resolves.toEqual({ id: 'via-proxy' });
      // A proxy sees the absolute URL in the request line.
      expect(proxy.requests.at(-1)!.url).toBe(`${server.url}/v2/boards/b1`);
    } finally {
      await proxy.close();
    }
  });

  it('a caller’s own agent on the instance sends the calls', async () => {
    const instance = nodeHttpAxios();
    let created = 0;
    instance.defaults.httpAgent = new (class extends http.Agent {
      override createConnection(...args: Parameters<http.Agent['createConnection']>) {
        created += 1;
        return super.createConnection(...args);
      }
    })({ keepAlive: false });
    await firstValueFrom(new MiroApi('t', { baseUrl: server.url, rateLimit: false, retry: false, axios: instance }).getSpecificBoard('own-agent'));
    expect(created).toBe(1);
  });
});
