/**
 * A server that repeats every secret it receives, in every place an answer has: the error body's
 * `code`, `type`, `message`, `context`, OAuth's `error` and `error_description`, a key of the body,
 * and headers (`x-request-id` among them). No view of any resulting error, nor any log line, may
 * show one: message, stack, String, JSON.stringify, util.inspect (hidden fields too), and every
 * field reachable from the error, its `cause` chain included.
 */
import { inspect } from 'node:util';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryStorage, Miro, MiroApi, MiroApiError, MiroError, MiroOAuthError } from '../../src/index.js';
import { startRecordingServer, type RecordedRequest, type Reply } from '../support/recording-server.js';

const CLIENT_SECRET = 'client-SECRET-9d8c7b6a';
const ACCESS = 'access-SECRET-1a2b3c4d';
const REFRESH = 'refresh-SECRET-5e6f7a8b';
const CODE = 'code-SECRET-0f1e2d3c';
const OTHER = 'revoked-SECRET-44aa55bb';
const SECRETS = [CLIENT_SECRET, ACCESS, REFRESH, CODE, OTHER];

/** Every secret-looking value the request carried: bearer, query, form and JSON body fields. */
function carried(request: RecordedRequest): string {
  const values = [String(request.headers.authorization ?? '').replace(/^Bearer /, '')];
  values.push(...new URL(request.url, 'http://loopback').searchParams.values());
  const text = request.body.toString();
  if (String(request.headers['content-type']).includes('json')) values.push(...Object.values(JSON.parse(text || '{}') as Record<string, string>));
  else values.push(...new URLSearchParams(text).values());
  return values.filter(Boolean).join(' ');
}

function echo(status: number, said: string): Reply {
  return {
    status,
    headers: { 'x-request-id': said, 'x-ratelimit-limit': said, 'retry-after': said, 'x-echo': said },
    body: { status, code: said, type: said, message: said, context: { said, nested: [{ said }] }, error: said, error_description: said, [said]: said },
  };
}

function reply(request: RecordedRequest): Reply {
  const path = new URL(request.url, 'http://loopback').pathname;
  const said = carried(request);
  if (path === '/v1/oauth/token') {
    const form = new URLSearchParams(request.body.toString());
    // The one good exchange: the test's user gets ACCESS and REFRESH; everything else is refused.
    if (form.get('grant_type') === 'authorization_code' && form.get('code') === CODE && !said.includes('refuse')) {
      return { body: { access_token: ACCESS, refresh_token: REFRESH, expires_in: 3600, user_id: 'u', team_id: 't', scope: 'boards:read' } };
    }
    return echo(400, said);
  }
  if (path === '/v2/boards/rate-limited') return echo(429, said);
  if (path === '/v2/boards/expired') return echo(401, said);
  return echo(400, said);
}

let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer(reply);
});
afterAll(() => server.close());

/** Every string reachable from the error: own fields (hidden ones too), nested data, the cause chain. */
function reachable(value: unknown, seen = new Set<unknown>(), out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  if (value === null || typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  for (const key of Object.getOwnPropertyNames(value)) {
    out.push(key);
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor && 'value' in descriptor) reachable(descriptor.value, seen, out);
  }
  return out;
}

function views(error: Error): Record<string, string> {
  return {
    message: error.message,
    stack: String(error.stack),
    string: String(error),
    json: JSON.stringify(error),
    inspect: inspect(error, { depth: Infinity, showHidden: true }),
    fields: reachable(error).join('\n'),
  };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error,
  );

describe('secrets echoed by a server in every place', () => {
  it('never show in any view of any error, nor in the request log', async () => {
    const lines: string[] = [];
    const apiOptions = { baseUrl: server.url, scimBaseUrl: server.url, rateLimit: false, retry: false, logger: (line: string) => lines.push(line) } as const;
    const api = new MiroApi(ACCESS, apiOptions);
    const storage = new InMemoryStorage();
    const miro = new Miro({
      clientId: 'client-1',
      clientSecret: CLIENT_SECRET,
      redirectUrl: 'http://127.0.0.1:9/callback',
      authBaseUrl: server.url,
      apiBaseUrl: server.url,
      storage,
      api: apiOptions,
    });
    const errors: Record<string, Error> = {};

    errors.apiError = await failure(firstValueFrom(api.getSpecificBoard('bad')));
    errors.rateLimited = await failure(firstValueFrom(api.getSpecificBoard('rate-limited')));
    errors.paged = await failure(lastValueFrom(api.getAllItems('board-1').pipe(toArray())));
    errors.revokeV1 = await failure(firstValueFrom(api.revokeToken({ accessToken: OTHER })));
    errors.revokeV2 = await failure(firstValueFrom(api.revokeTokenV2({ accessToken: OTHER, clientId: 'client-1', clientSecret: CLIENT_SECRET })));
    errors.tokenInfoDirect = await failure(firstValueFrom(api.tokenInfo()));

    errors.refusedCode = await failure(firstValueFrom(miro.exchangeCodeForAccessToken('u', `refuse-${CODE}`)));
    expect(await firstValueFrom(miro.exchangeCodeForAccessToken('u', CODE))).toBe(ACCESS);
    errors.tokenInfo = await failure(firstValueFrom(miro.tokenInfo('u')));
    errors.asUser = await failure(firstValueFrom(miro.as('u').getSpecificBoard('bad')));
    errors.revokeToken = await failure(firstValueFrom(miro.revokeToken('u')));
    // A 401 makes the client refresh; the refusal repeats the refresh token and the client secret.
    errors.refusedRefresh = await failure(firstValueFrom(miro.as('u').getSpecificBoard('expired')));

    expect(errors.apiError).toBeInstanceOf(MiroApiError);
    expect(errors.apiError).toMatchObject({ status: 400, code: '[redacted]', type: '[redacted]', requestId: '[redacted]' });
    expect(errors.rateLimited).toMatchObject({ status: 429 });
    // The first page failed: its own error, with nothing of the paginator around it.
    expect(errors.paged).toBeInstanceOf(MiroApiError);
    expect(errors.revokeV1).toMatchObject({ status: 400, requestId: expect.stringContaining('[redacted]') });
    expect(errors.revokeV2).toMatchObject({ status: 400, requestId: expect.stringContaining('[redacted]') });
    expect(errors.refusedCode).toMatchObject({ reason: 'token-refused', grantType: 'authorization_code' });
    expect(errors.tokenInfo).toMatchObject({ status: 400, operationId: 'token-info' });
    expect(errors.revokeToken).toMatchObject({ status: 400, operationId: 'revoke-token-v2' });
    expect(errors.refusedRefresh).toBeInstanceOf(MiroOAuthError);
    expect(errors.refusedRefresh).toMatchObject({ reason: 'token-refused', grantType: 'refresh_token' });
    // The server did receive the secrets (the test would prove nothing otherwise).
    for (const secret of SECRETS)
      expect(
        server.requests.some((r) => carried(r).includes(secret)),
        secret,
      ).toBe(true);

    for (const [kind, error] of Object.entries(errors)) {
      expect(error, kind).toBeInstanceOf(MiroError);
      for (const [where, text] of Object.entries(views(error))) {
        for (const secret of SECRETS) expect(text.includes(secret), `${kind}: ${where} shows ${secret}`).toBe(false);
      }
    }
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) for (const secret of SECRETS) expect(line.includes(secret), line).toBe(false);
  });
});
