/** Per-call options and the access token source, seen from the wire. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, of, toArray } from 'rxjs';
import { MiroApi, MiroError } from '../../src/index.js';
import { startRecordingServer } from '../support/recording-server.js';

let server: Awaited<ReturnType<typeof startRecordingServer>>;
const options = () => ({ baseUrl: server.url, scimBaseUrl: `${server.url}/scim`, rateLimit: false as const, retry: false as const });

beforeAll(async () => {
  server = await startRecordingServer(() => ({
    status: 201,
    headers: { 'x-ratelimit-limit': '100000', 'x-ratelimit-remaining': '99950', 'x-ratelimit-reset': '1900000000', 'X-Custom': 'yes' },
    body: { id: 'b1', name: 'Roadmap' },
  }));
});
afterAll(() => server.close());

describe('call options', () => {
  it("observe: 'response' emits status, lower-case headers, body and rate-limit state, once", async () => {
    const api = new MiroApi('opt-token', options());
    const emitted = await lastValueFrom(api.getSpecificBoard('b1', { observe: 'response' }).pipe(toArray()));
    expect(emitted).toHaveLength(1);
    const [response] = emitted;
    expect(response!.status).toBe(201);
    expect(response!.body).toEqual({ id: 'b1', name: 'Roadmap' });
    expect(response!.headers['x-custom']).toBe('yes');
    expect(response!.headers['content-type']).toBe('application/json');
    expect(response!.rateLimit).toEqual({ limit: 100_000, remaining: 99_950, resetAt: 1_900_000_000_000 });
  });

  it('extra headers are sent, but never replace the Authorization the client sets', async () => {
    const api = new MiroApi('the-real-token', options());
    await firstValueFrom(api.getSpecificBoard('b1', { headers: { 'x-trace': 't-1', Authorization: 'Bearer forged', authorization: 'Bearer forged' } }));
    const { headers } = server.requests.at(-1)!;
    expect(headers['x-trace']).toBe('t-1');
    expect(headers.authorization).toBe('Bearer the-real-token');
  });

  it('a token function is called for every request, so a refreshed token is used', async () => {
    const tokens = ['first-token', 'second-token'];
    let calls = 0;
    const api = new MiroApi(() => Promise.resolve(tokens[calls++]!), options());
    const board$ = api.getSpecificBoard('b1');
    expect(calls).toBe(0);
    await firstValueFrom(board$);
    await firstValueFrom(board$);
    expect(server.requests.slice(-2).map((request) => request.headers.authorization)).toEqual(['Bearer first-token', 'Bearer second-token']);
  });

  it('an Observable token source works, and an empty token is refused before sending', async () => {
    const api = new MiroApi(() => of('observable-token'), options());
    await firstValueFrom(api.getSpecificBoard('b1'));
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer observable-token');
    const before = server.requests.length;
    const error = await firstValueFrom(new MiroApi(() => '  ', options()).getSpecificBoard('b1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroError);
    expect((error as Error).message).toMatch(/access token is missing or empty/);
    expect(server.requests.length).toBe(before);
  });

  it('the constructor refuses a token that is neither a string nor a function', () => {
    expect(() => new MiroApi(42 as never, options())).toThrow(/accessToken must be a string or a function/);
  });
});

describe('base URLs', () => {
  it('a base URL with a path prefix (and a trailing slash) keeps the prefix', async () => {
    const api = new MiroApi('opt-token', { ...options(), baseUrl: `${server.url}/proxy/miro/` });
    await firstValueFrom(api.getSpecificBoard('b1'));
    expect(server.requests.at(-1)!.url).toBe('/proxy/miro/v2/boards/b1');
  });

  it('a relative base URL (same-origin proxy in a browser) builds the request instead of throwing', async () => {
    const seen: string[] = [];
    const api = new MiroApi('opt-token', {
      ...options(),
      baseUrl: '/miro-proxy',
      // Stand in for the browser: record what would be sent instead of sending it.
      interceptors: [
        (request) => (seen.push(`${request.url} ${request.path}`), of({ status: 204, header: () => undefined, headers: () => ({}), body: undefined })),
      ],
    });
    await firstValueFrom(api.getSpecificBoard('b1'));
    expect(seen).toEqual(['/miro-proxy/v2/boards/b1 /miro-proxy/v2/boards/b1']);
  });
});
