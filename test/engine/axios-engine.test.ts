import Bottleneck from 'bottleneck/light.js';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MiroApi, MiroNetworkError, MiroRateLimitError } from '../../src/index.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { startRecordingServer } from '../support/recording-server.js';

// What the engine issue (23) named as broken in the hand-written pipeline, each pinned here.

let server: Awaited<ReturnType<typeof startRecordingServer>> | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await closeSharedCreditLimiters();
  await server?.close();
  server = undefined;
});

const windowHeaders = (remaining: number, resetInMs = 60_000) => ({
  'x-ratelimit-limit': '100000',
  'x-ratelimit-remaining': String(remaining),
  'x-ratelimit-reset': String(Math.ceil((Date.now() + resetInMs) / 1000)),
});

describe('the axios engine', () => {
  it('sends every call through client.axios: an interceptor added there sees every attempt, retries included', async () => {
    let calls = 0;
    server = await startRecordingServer(() =>
      ++calls < 3 ? { status: 503, body: { message: 'busy' } } : { body: { id: '1' }, headers: windowHeaders(99_000) },
    );
    const api = new MiroApi('token-a', { baseUrl: server.url, retry: { minDelayMs: 1, maxDelayMs: 5 } });
    const seen: string[] = [];
    api.client.axios.interceptors.request.use((config) => {
      seen.push(`${config.method} ${config.url}`);
      return config;
    });
    await expect(firstValueFrom(api.getSpecificBoard('b1'))).resolves.toMatchObject({ id: '1' });
    expect(seen).toEqual([`get ${server.url}/v2/boards/b1`, `get ${server.url}/v2/boards/b1`, `get ${server.url}/v2/boards/b1`]);
    expect(server.requests).toHaveLength(3);
  });

  it('makes every attempt a Bottleneck job of its weight: no path around the limiter', async () => {
    let calls = 0;
    server = await startRecordingServer(() => (++calls === 1 ? { status: 500, body: {} } : { body: { id: '1' }, headers: windowHeaders(99_000) }));
    const schedule = vi.spyOn(Bottleneck.prototype, 'schedule');
    const api = new MiroApi('token-b', { baseUrl: server.url, retry: { minDelayMs: 1, maxDelayMs: 5 } });
    await firstValueFrom(api.getSpecificBoard('b1'));
    await firstValueFrom(api.getSpecificBoard('b2'));
    // Three attempts (a retry and two calls once the window is known), three jobs of 50 credits.
    const weights = schedule.mock.calls.map(([options]) => (options as { weight?: number }).weight);
    expect(weights).toEqual([50, 50, 50]);
  });

  it('ends a call at once when its signal fires during a retry delay', async () => {
    server = await startRecordingServer(() => ({ status: 503, headers: { 'retry-after': '20' }, body: { message: 'maintenance' } }));
    const api = new MiroApi('token-c', { baseUrl: server.url, rateLimit: false });
    const controller = new AbortController();
    const started = Date.now();
    const failure = firstValueFrom(api.getSpecificBoard('b1', { signal: controller.signal })).catch((error: unknown) => error);
    await vi.waitFor(() => expect(server?.requests).toHaveLength(1));
    controller.abort();
    const error = await failure;
    expect(error).toBeInstanceOf(MiroNetworkError);
    expect(error).toMatchObject({ code: 'ERR_CANCELED' });
    // The old retry loop slept the whole 20 s Retry-After before noticing.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.requests).toHaveLength(1);
  });

  it('never waits out, in a retry, a wait the limiter refused as too long (rateLimit.maxWaitMs is final)', async () => {
    server = await startRecordingServer(() => ({ status: 429, headers: windowHeaders(0, 30_000), body: { message: 'too many' } }));
    const api = new MiroApi('token-d', { baseUrl: server.url, rateLimit: { maxWaitMs: 1_000 }, retry: { maxRateLimitWaitMs: 65_000 } });
    const started = Date.now();
    const error = await firstValueFrom(api.getSpecificBoard('b1')).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(MiroRateLimitError);
    // The 429's reset is 30 s away, past the client's 1 s bound: refused at once, nothing resent.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.requests).toHaveLength(1);
  });

  it("leaves a caller instance as it was for the caller's own requests", async () => {
    server = await startRecordingServer(() => ({ status: 503, body: { message: 'busy' } }));
    const { default: axios } = await import('axios');
    const mine = axios.create();
    new MiroApi('token-e', { baseUrl: server.url, axios: mine });
    await expect(mine.get(`${server.url}/health`)).rejects.toMatchObject({ response: { status: 503 } });
    // One request: miro-rx's retries apply to its own calls only.
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('logs an attempt that was aborted, as it logs every other', async () => {
    server = await startRecordingServer(() => ({ hang: true }));
    const lines: string[] = [];
    const api = new MiroApi('token-f', { baseUrl: server.url, rateLimit: false, logger: (line) => lines.push(line) });
    const subscription = api.getSpecificBoard('b1').subscribe({ error: () => undefined });
    await vi.waitFor(() => expect(server?.requests).toHaveLength(1));
    subscription.unsubscribe();
    await vi.waitFor(() => expect(lines).toHaveLength(1));
    expect(lines[0]).toMatch(/^GET \/v2\/boards\/b1 aborted \d+ms get-specific-board 50cr #1$/);
  });
});
