// @vitest-environment happy-dom
// withHttpClient() on the wire: Angular's HttpClient with its fetch backend (Node's fetch here,
// the browser's in an app) against a loopback server, so the size cap is met by a body that
// really streams in, and a timeout or an abort really closes the connection.
import './support/jit.js';
import { provideHttpClient, withFetch } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideMiroApi, type MiroApiProviderOptions, withHttpClient } from '../../src/angular/index.js';
import { MiroApi, MiroNetworkError, MiroResponseTooLargeError, MiroTimeoutError } from '../../src/index.js';
import { type Reply, startRecordingServer } from '../support/recording-server.js';
import { LABEL, outcome } from './support/miro-under-test-bed.js';
import { configureTestBed } from './support/test-bed.js';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': '*',
  'access-control-expose-headers': '*',
};
let reply: Reply = { body: {} };
let server: Awaited<ReturnType<typeof startRecordingServer>>;

beforeAll(async () => {
  server = await startRecordingServer((request) => {
    if (request.method === 'OPTIONS') return { status: 204, headers: CORS };
    return { ...reply, headers: { ...CORS, ...reply.headers } };
  });
});
afterAll(() => server.close());

function api(options: Partial<MiroApiProviderOptions> = {}): MiroApi {
  configureTestBed([
    provideHttpClient(withFetch()),
    provideMiroApi({ accessToken: 'loopback-token', baseUrl: server.url, rateLimit: false, retry: false, ...options }, withHttpClient()),
  ]);
  return TestBed.inject(MiroApi);
}

const until = async (check: () => boolean) => {
  for (let waited = 0; waited < 2_000 && !check(); waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('withHttpClient() over the fetch backend on loopback', () => {
  it('answers, with int64 digits kept and the rate-limit headers read', async () => {
    reply = {
      headers: { 'x-ratelimit-limit': '100000', 'x-ratelimit-remaining': '99950', 'x-ratelimit-reset': '4102444800' },
      body: `{"defaultLabelId":${LABEL}}`,
    };
    const answer = await outcome(api().enterpriseDataclassificationTeamSettingsGet('o1', 't1', { observe: 'response' }));
    expect(answer).toMatchObject({ status: 200, body: { defaultLabelId: LABEL }, rateLimit: { limit: 100000, remaining: 99950 } });
    expect(server.requests.filter((request) => request.method === 'GET').at(-1)!.headers.authorization).toBe('Bearer loopback-token');
  });

  it('stops a body that streams past maxResponseBytes', async () => {
    reply = { body: `{"id":"b1","description":"${'x'.repeat(2_000_000)}"}` };
    expect(await outcome(api({ maxResponseBytes: 65_536 }).getSpecificBoard('b1'))).toBeInstanceOf(MiroResponseTooLargeError);
  });

  it('a timeout closes the connection', async () => {
    reply = { hang: true };
    const before = server.closed.length;
    expect(await outcome(api({ timeoutMs: 100 }).getSpecificBoard('b1'))).toBeInstanceOf(MiroTimeoutError);
    await until(() => server.closed.length > before);
    expect(server.closed.length).toBe(before + 1);
  });

  it('an abort closes the connection', async () => {
    reply = { hang: true };
    const before = server.closed.length;
    const abort = new AbortController();
    const board = outcome(api().getSpecificBoard('b1', { signal: abort.signal }));
    const sent = server.requests.length;
    await until(() => server.requests.slice(sent).some((request) => request.method === 'GET'));
    abort.abort();
    expect(await board).toBeInstanceOf(MiroNetworkError);
    await until(() => server.closed.length > before);
    expect(server.closed.length).toBe(before + 1);
  });
});
