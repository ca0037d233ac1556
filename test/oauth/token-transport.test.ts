/**
 * The token endpoint sends through the API calls' transport: the client's `maxResponseBytes`
 * and `timeoutMs` hold for it, unsubscribing aborts it, and its answer is read like any other
 * (int64 ids exact). A loopback token server sends huge, slow, hanging and odd answers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryStorage, Miro, type MiroApiOptions, MiroOAuthError, MiroResponseTooLargeError, MiroTimeoutError } from '../../src/index.js';
import { MAX_TOKEN_RESPONSE_BYTES } from '../../src/oauth/token-endpoint.js';
import { TRANSPORTS } from '../support/transports.js';

const token = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    access_token: 'access-token-0001',
    refresh_token: 'refresh-token-0001',
    expires_in: 3600,
    user_id: '1',
    team_id: '2',
    scope: 'boards:read',
    ...extra,
  });

/** How the fake token endpoint answers, chosen by the code the test exchanges. */
const ANSWERS: Record<string, (response: http.ServerResponse) => void> = {
  // A valid token padded past 4 KB: fine under the default cap, too long under a 4 KB one.
  padded: (response) => json(response, 200, token({ padding: 'x'.repeat(10_000) })),
  huge: (response) => json(response, 200, token({ padding: 'x'.repeat(2 * MAX_TOKEN_RESPONSE_BYTES) })),
  // Headers at once, then a byte every 100 ms: only a timeout of the whole exchange ends it.
  trickle: (response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    const timer = setInterval(() => response.write(' '), 100);
    response.on('close', () => clearInterval(timer));
  },
  hang: () => undefined,
  'big-ids': (response) =>
    json(response, 200, token().replace('"user_id":"1"', '"user_id":3458764517517852417').replace('"team_id":"2"', '"team_id":3458764517517852419')),
  'html-page': (response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<html>proxy login</html>');
  },
  'broken-refusal': (response) => json(response, 400, '{"error": "invalid_gr'),
};

function json(response: http.ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body);
}

let url: string;
let server: http.Server;
const closedBeforeAnswer: string[] = [];
beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const code = new URLSearchParams(body).get('code') ?? '';
      response.on('close', () => {
        if (!response.writableFinished) closedBeforeAnswer.push(code);
      });
      (ANSWERS[code] ?? ((r) => json(r, 400, '{"error":"invalid_grant"}')))(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

function miro(api: MiroApiOptions = {}, storage = new InMemoryStorage()): Miro {
  return new Miro({
    clientId: 'client-1',
    clientSecret: 'client-secret-0001',
    redirectUrl: 'http://127.0.0.1:9/cb',
    authBaseUrl: url,
    apiBaseUrl: url,
    storage,
    api: { rateLimit: false, ...api },
  });
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error,
  );

describe.each(TRANSPORTS)('the token endpoint through the shared transport: %s', (_name, sendingWith) => {
  it("holds the token answer to the client's maxResponseBytes", async () => {
    expect(await firstValueFrom(miro({ ...sendingWith() }).exchangeCodeForAccessToken('u', 'padded'))).toBe('access-token-0001');
    const error = await failure(firstValueFrom(miro({ ...sendingWith(), maxResponseBytes: 4096 }).exchangeCodeForAccessToken('u', 'padded')));
    expect(error).toBeInstanceOf(MiroResponseTooLargeError);
    expect(error).toMatchObject({ maxResponseBytes: 4096, operationId: 'oauth-token', path: '/v1/oauth/token' });
  });

  it('refuses a maxResponseBytes that is not a whole number, as MiroApi does', async () => {
    const error = await failure(
      firstValueFrom(miro({ ...sendingWith(), maxResponseBytes: '10' as unknown as number }).exchangeCodeForAccessToken('u', 'padded')),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/maxResponseBytes must be a whole number .* got 10$/);
  });

  it('never takes an answer past 1 MB, even with a larger maxResponseBytes', async () => {
    const error = await failure(
      firstValueFrom(miro({ ...sendingWith(), maxResponseBytes: 10 * MAX_TOKEN_RESPONSE_BYTES }).exchangeCodeForAccessToken('u', 'huge')),
    );
    expect(error).toMatchObject({ name: 'MiroResponseTooLargeError', maxResponseBytes: MAX_TOKEN_RESPONSE_BYTES });
  });

  it("ends an answer that never comes at the client's timeoutMs", async () => {
    const error = await failure(firstValueFrom(miro({ ...sendingWith(), timeoutMs: 300 }).exchangeCodeForAccessToken('u', 'hang')));
    expect(error).toBeInstanceOf(MiroTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 300, operationId: 'oauth-token' });
  });
});

// axios's own Node adapter times out an idle socket, not the whole exchange: the transport's own
// timer must end a body that trickles in there too.
describe.each(TRANSPORTS)('a trickling token answer: %s', (_name, sendingWith) => {
  it("ends at the client's timeoutMs", async () => {
    const started = Date.now();
    const error = await failure(firstValueFrom(miro({ ...sendingWith(), timeoutMs: 400 }).exchangeCodeForAccessToken('u', 'trickle')));
    expect(error).toBeInstanceOf(MiroTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 400, operationId: 'oauth-token' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('the token endpoint reads answers like the API', () => {
  it('aborts the exchange when the caller unsubscribes', async () => {
    const subscription = miro()
      .exchangeCodeForAccessToken('u', 'hang')
      .subscribe({ error: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 150));
    subscription.unsubscribe();
    await expect.poll(() => closedBeforeAnswer.includes('hang')).toBe(true);
  });

  it('keeps int64 user and team ids exact', async () => {
    const storage = new InMemoryStorage();
    await firstValueFrom(miro({}, storage).exchangeCodeForAccessToken('u', 'big-ids'));
    expect(await storage.get('u')).toMatchObject({ userId: '3458764517517852417', teamId: '3458764517517852419' });
  });

  it("says a proxy's page is not a token, and a broken refusal is a refusal", async () => {
    const page = await failure(firstValueFrom(miro().exchangeCodeForAccessToken('u', 'html-page')));
    expect(page).toBeInstanceOf(MiroOAuthError);
    expect(page).toMatchObject({ reason: 'invalid-token-answer', status: 200, userId: 'u', grantType: 'authorization_code' });
    const refusal = await failure(firstValueFrom(miro().exchangeCodeForAccessToken('u', 'broken-refusal')));
    expect(refusal).toMatchObject({ reason: 'token-refused', status: 400 });
  });
});
