/**
 * No token, secret or query string in any span, attribute, event or metric, against a server
 * that echoes the credentials and the query it receives into every header it can (the request
 * id and the rate-limit headers included) and into its body, on successes and failures.
 */
import { firstValueFrom, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessTokenSource, MiroApi } from '../../src/index.js';
import { startRecordingServer } from '../support/recording-server.js';
import { testSdk } from './support/telemetry-sdk.js';

const TOKEN = 'tok-SECRET-7f3a9c';
const REVOKED = 'old-SECRET-revoked-4b1d';
const CURSOR = 'cursor-SECRET-93';

let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer((request) => {
    const url = new URL(request.url, 'http://loopback');
    const bearer = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
    const echoed = `${bearer}${url.search}`;
    const last = url.pathname.split('/').pop();
    const headers = { 'x-request-id': last === 'plain-id' ? bearer : echoed, 'x-ratelimit-remaining': echoed, 'x-ratelimit-reset': bearer, 'x-echo': echoed };
    const status = last === 'fails' || last === 'plain-id' ? 401 : 200;
    return { status, headers, body: { id: echoed, data: [], message: `token ${echoed} is not valid`, links: { next: request.url } } };
  });
});
afterAll(() => server.close());

const tokenForms: Array<[string, AccessTokenSource]> = [
  ['string token', TOKEN],
  ['function token', () => Promise.resolve(TOKEN)],
];

describe.each(tokenForms)('with a %s', (_, token) => {
  it('nothing the server echoes reaches a span or a metric', async () => {
    const sdk = testSdk();
    const api = new MiroApi(token, { baseUrl: server.url, scimBaseUrl: server.url, telemetry: sdk.telemetry, retry: false });
    const calls: Array<Observable<unknown>> = [
      api.getSpecificBoard('echoed'),
      api.getSpecificBoard('fails'),
      api.getSpecificBoard('plain-id'),
      api.revokeToken({ accessToken: REVOKED }),
      api.getItems('b1', { cursor: CURSOR, limit: 10 }),
    ];
    // A base URL carrying credentials of its own (a proxy's, say): the host is recorded, they are not.
    const proxied = new MiroApi(token, { baseUrl: server.url.replace('//', '//proxy-user:proxy-SECRET@'), telemetry: sdk.telemetry, retry: false });
    calls.push(proxied.getSpecificBoard('echoed'));
    for (const call$ of calls) await firstValueFrom(call$).catch(() => undefined);
    const spans = sdk.spans();
    expect(spans.length).toBe(calls.length * 2);
    expect(spans.filter((span) => span.attributes['server.address'] === '127.0.0.1')).toHaveLength(calls.length);
    const traced = JSON.stringify(
      spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, status: span.status, links: span.links })),
    );
    const measured = JSON.stringify(await sdk.metrics());
    expect(measured).toContain('http.client.request.duration');
    for (const text of [traced, measured]) {
      expect(text).not.toContain('SECRET');
      expect(text).not.toContain('?');
      expect(text).not.toContain('access_token');
      expect(text).not.toContain('cursor=');
    }
    // The echo was there to be leaked: the server did send it back.
    expect(server.requests.some((request) => request.url.includes(CURSOR))).toBe(true);
  });
});
