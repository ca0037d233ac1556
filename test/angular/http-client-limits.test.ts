// @vitest-environment happy-dom
// The limits of a Miro call hold under withHttpClient() as under miro-rx's own transports: the
// size cap (HttpClient has none), aborts, timeouts, network errors, the credit limiter; and the
// adapter settles like axios's own adapters for callers who use it without miro-rx.
import './support/jit.js';
import { HttpClient, HttpEventType, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import axios, { AxiosError } from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import { httpClientAdapter, provideMiroApi, withHttpClient } from '../../src/angular/index.js';
import { MiroApi, MiroError, MiroNetworkError, MiroResponseTooLargeError, MiroTimeoutError, type RateLimitState } from '../../src/index.js';
import { BASE, BOARD_URL, nextRequest, outcome, settle, setUp } from './support/miro-under-test-bed.js';
import { configureTestBed } from './support/test-bed.js';

afterEach(() => TestBed.inject(HttpTestingController).verify());

describe('withHttpClient(): limits of a call', () => {
  it('an answer longer than maxResponseBytes fails with MiroResponseTooLargeError', async () => {
    const { api, http } = setUp({ maxResponseBytes: 64 });
    const board = outcome(api.getSpecificBoard('b1'));
    (await nextRequest(http, BOARD_URL)).flush(`{"id":"b1","name":"${'é'.repeat(40)}"}`);
    expect(await board).toBeInstanceOf(MiroResponseTooLargeError);
  });

  it('the download stops as soon as its progress passes the cap', async () => {
    const { api, http } = setUp({ maxResponseBytes: 64 });
    const board = outcome(api.getSpecificBoard('b1'));
    const request = await nextRequest(http, BOARD_URL);
    request.event({ type: HttpEventType.DownloadProgress, loaded: 40 });
    await settle();
    expect(request.cancelled).toBe(false);
    request.event({ type: HttpEventType.DownloadProgress, loaded: 65 });
    expect(await board).toBeInstanceOf(MiroResponseTooLargeError);
    expect(request.cancelled).toBe(true);
  });

  it('unsubscribing cancels the HttpClient request', async () => {
    const { api, http } = setUp();
    const subscription = api.getSpecificBoard('b1').subscribe();
    const request = await nextRequest(http, BOARD_URL);
    subscription.unsubscribe();
    expect(request.cancelled).toBe(true);
  });

  it("the caller's AbortSignal cancels it and fails the call as aborted", async () => {
    const { api, http } = setUp();
    const abort = new AbortController();
    const board = outcome(api.getSpecificBoard('b1', { signal: abort.signal }));
    const request = await nextRequest(http, BOARD_URL);
    abort.abort();
    const error = (await board) as MiroNetworkError;
    expect(error).toBeInstanceOf(MiroNetworkError);
    expect(error.message).toContain('request aborted');
    expect(request.cancelled).toBe(true);
  });

  it('timeoutMs bounds the exchange and cancels the request', async () => {
    const { api, http } = setUp({ timeoutMs: 40 });
    const board = outcome(api.getSpecificBoard('b1'));
    const request = await nextRequest(http, BOARD_URL);
    expect(await board).toBeInstanceOf(MiroTimeoutError);
    expect(request.cancelled).toBe(true);
  });

  it('no answer at all (status 0) is a network error', async () => {
    const { api, http } = setUp();
    const board = outcome(api.getSpecificBoard('b1'));
    (await nextRequest(http, BOARD_URL)).error(new ProgressEvent('error'));
    const error = (await board) as MiroNetworkError;
    expect(error).toBeInstanceOf(MiroNetworkError);
    expect(error.code).toBe('ERR_NETWORK');
  });

  it('the credit limiter sends what the budget allows and holds the rest', async () => {
    const { api, http } = setUp({ rateLimit: {} });
    const states: RateLimitState[] = [];
    const watching = api.rateLimitState$.subscribe((state) => states.push(state));
    const boards = ['b1', 'b2', 'b3'].map((id) => api.getSpecificBoard(id).subscribe({ error: () => {} }));
    // A fresh budget sends one call first, to learn the window from Miro's headers.
    const first = await nextRequest(http, BOARD_URL);
    expect(http.match((request) => request.url.startsWith(`${BASE}/v2/boards/`))).toEqual([]);
    const resetAt = Math.ceil(Date.now() / 1000) + 60;
    // Room for one more Level 1 call (50 credits) in this window.
    first.flush('{"id":"b1"}', { headers: { 'X-RateLimit-Limit': '100000', 'X-RateLimit-Remaining': '50', 'X-RateLimit-Reset': String(resetAt) } });
    const second = await nextRequest(http, (request) => /\/v2\/boards\/b[23]$/.test(request.url));
    await settle();
    expect(http.match((request) => request.url.startsWith(`${BASE}/v2/boards/`))).toEqual([]);
    expect(states.at(-1)).toMatchObject({ queued: 1, inFlight: 1 });
    second.flush('{"id":"b2"}');
    for (const board of boards) board.unsubscribe();
    watching.unsubscribe();
  });

  it('on the server nothing is sent unless the app opts in', async () => {
    configureTestBed([
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: PLATFORM_ID, useValue: 'server' },
      provideMiroApi({ accessToken: 't', baseUrl: BASE }, withHttpClient()),
    ]);
    const error = (await outcome(TestBed.inject(MiroApi).getSpecificBoard('b1'))) as MiroError;
    expect(error).toBeInstanceOf(MiroError);
    expect(error.message).toContain('not sent during server rendering');

    configureTestBed([
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: PLATFORM_ID, useValue: 'server' },
      provideMiroApi({ accessToken: 't', baseUrl: BASE, rateLimit: false, sendOnServer: true }, withHttpClient()),
    ]);
    const board = outcome(TestBed.inject(MiroApi).getSpecificBoard('b1'));
    (await nextRequest(TestBed.inject(HttpTestingController), BOARD_URL)).flush('{"id":"b1"}');
    expect(await board).toMatchObject({ id: 'b1' });
  });
});

describe('httpClientAdapter settles as axios does', () => {
  function client() {
    configureTestBed([provideHttpClient(), provideHttpClientTesting()]);
    return { client: axios.create({ adapter: httpClientAdapter(TestBed.inject(HttpClient)) }), http: TestBed.inject(HttpTestingController) };
  }

  it('parses JSON, names headers in lower case, rejects a 4xx through validateStatus', async () => {
    const { client: axiosClient, http } = client();
    const ok = axiosClient.get(`${BASE}/ok`, { params: { limit: 50 } });
    (await nextRequest(http, `${BASE}/ok?limit=50`)).flush('{"a":1}', { headers: { 'X-RateLimit-Remaining': '7' } });
    expect((await ok).data).toEqual({ a: 1 });
    expect((await ok).headers['x-ratelimit-remaining']).toBe('7');

    const missing = axiosClient.get(`${BASE}/missing`).catch((error: unknown) => error);
    (await nextRequest(http, `${BASE}/missing`)).flush('gone', { status: 404, statusText: 'Not Found' });
    expect(await missing).toMatchObject({ code: AxiosError.ERR_BAD_REQUEST, response: { status: 404, data: 'gone' } });
  });

  it('names maxContentLength when the cap stops an answer, and ERR_NETWORK for no answer', async () => {
    const { client: axiosClient, http } = client();
    const big = axiosClient.get(`${BASE}/big`, { maxContentLength: 10 }).catch((error: unknown) => error);
    (await nextRequest(http, `${BASE}/big`)).flush('x'.repeat(11));
    expect(await big).toMatchObject({ code: AxiosError.ERR_BAD_RESPONSE, message: 'maxContentLength size of 10 exceeded' });

    const down = axiosClient.get(`${BASE}/down`).catch((error: unknown) => error);
    (await nextRequest(http, `${BASE}/down`)).error(new ProgressEvent('error'));
    expect(await down).toMatchObject({ code: AxiosError.ERR_NETWORK });
  });
});
