// @vitest-environment happy-dom
// miro-rx/angular's withHttpClient() under Angular's HttpTestingController: every Miro call
// goes through HttpClient (so through the app's interceptors), and miro-rx's own rules (size
// cap, aborts, timeouts, int64, rate-limit headers, the credit limiter) hold as with its own
// transports.
import './support/jit.js';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { inject, InjectionToken } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { provideMiroApi, withHttpClient } from '../../src/angular/index.js';
import { MiroApi, MiroApiError, type RateLimitState } from '../../src/index.js';
import { BASE, BOARD_URL, LABEL, nextRequest, outcome, recordAttempts, seen, settle, setUp } from './support/miro-under-test-bed.js';
import { configureTestBed } from './support/test-bed.js';

afterEach(() => TestBed.inject(HttpTestingController).verify());

describe('withHttpClient(): Miro calls through HttpClient', () => {
  it('sends through the app interceptors, and HttpTestingController answers', async () => {
    const { api, http, token } = setUp();
    const board = outcome(api.getSpecificBoard('b1'));
    await settle();
    const request = http.expectOne(BOARD_URL);
    expect(request.request.method).toBe('GET');
    request.flush(`{"id":"b1","name":"Plans"}`, { headers: { 'content-type': 'application/json' } });
    expect(await board).toMatchObject({ id: 'b1', name: 'Plans' });
    expect(seen).toEqual([`GET ${BOARD_URL} Bearer ${token}`]);
  });

  it('a token function may inject(): it runs in the injection context before every request', async () => {
    const SESSION = new InjectionToken<{ token: string }>('session');
    const session = { token: 'first-token' };
    seen.length = 0;
    configureTestBed([
      provideHttpClient(withInterceptors([recordAttempts])),
      provideHttpClientTesting(),
      { provide: SESSION, useValue: session },
      provideMiroApi({ accessToken: () => inject(SESSION).token, baseUrl: BASE, rateLimit: false, retry: false }, withHttpClient()),
    ]);
    const api = TestBed.inject(MiroApi);
    const http = TestBed.inject(HttpTestingController);
    for (const token of ['first-token', 'second-token']) {
      session.token = token;
      const call = outcome(api.getSpecificBoard('b1'));
      await settle();
      http.expectOne(BOARD_URL).flush('{"id":"b1"}');
      await call;
    }
    expect(seen.map((line) => line.split(' ').at(-1))).toEqual(['first-token', 'second-token']);
  });

  it('every retry is an attempt the interceptors see', async () => {
    const { api, http } = setUp({ retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1 } });
    const board = outcome(api.getSpecificBoard('b1'));
    (await nextRequest(http, BOARD_URL)).flush('{"message":"busy"}', { status: 503, statusText: 'Service Unavailable' });
    (await nextRequest(http, BOARD_URL)).flush('{"id":"b1"}');
    expect(await board).toMatchObject({ id: 'b1' });
    expect(seen).toHaveLength(2);
  });

  it("a refused status becomes miro-rx's MiroApiError with Miro's message", async () => {
    const { api, http } = setUp();
    const board = outcome(api.getSpecificBoard('b1'));
    await settle();
    http.expectOne(BOARD_URL).flush('{"status":404,"code":"notFound","message":"Board not found"}', {
      status: 404,
      statusText: 'Not Found',
      headers: { 'content-type': 'application/json' },
    });
    const error = (await board) as MiroApiError;
    expect(error).toBeInstanceOf(MiroApiError);
    expect(error.status).toBe(404);
    expect(error.message).toContain('Board not found');
  });

  it('int64 values in the answer keep every digit (the adapter hands miro-rx the raw text)', async () => {
    const { api, http } = setUp();
    const settings = outcome(api.enterpriseDataclassificationTeamSettingsGet('o1', 't1'));
    await settle();
    const request = http.expectOne((r) => r.url.endsWith('/v2/orgs/o1/teams/t1/data-classification-settings'));
    expect(request.request.responseType).toBe('text');
    request.flush(`{"defaultLabelId": ${LABEL}, "enabled": true}`, { headers: { 'content-type': 'application/json' } });
    expect(await settings).toMatchObject({ defaultLabelId: LABEL });
  });

  it('rate-limit headers reach the caller and the limiter', async () => {
    const { api, http } = setUp({ rateLimit: {} });
    const states: RateLimitState[] = [];
    const watching = api.rateLimitState$.subscribe((state) => states.push(state));
    const response = outcome(api.getSpecificBoard('b1', { observe: 'response' }));
    await settle();
    const resetAt = Math.ceil(Date.now() / 1000) + 60;
    http.expectOne(BOARD_URL).flush('{"id":"b1"}', {
      headers: { 'X-RateLimit-Limit': '100000', 'X-RateLimit-Remaining': '99900', 'X-RateLimit-Reset': String(resetAt) },
    });
    expect(await response).toMatchObject({ status: 200, rateLimit: { limit: 100000, remaining: 99900, resetAt: resetAt * 1000 } });
    expect(states.at(-1)).toMatchObject({ sent: 1, windowResetsAt: resetAt * 1000 });
    watching.unsubscribe();
  });
});
