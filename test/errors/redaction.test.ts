/**
 * The access token never shows in an error, however it is printed, nor in a log line: for
 * every kind of error, with the token given as a string and as a function, and with a server
 * that echoes the credentials it receives.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, type Observable } from 'rxjs';
import { MiroApi, MiroApiError, MiroNetworkError, MiroRateLimitError, MiroTimeoutError, MiroValidationError, type AccessTokenSource } from '../../src/index.js';
import { startRecordingServer } from '../support/recording-server.js';
import { failureReplies } from '../support/failure-replies.js';
import { closedPortUrl } from '../support/closed-port.js';

const TOKEN = 'tok-SECRET-7f3a9c/e+d=';
const REVOKED = 'old-SECRET-revoked-4b1d';

let server: Awaited<ReturnType<typeof startRecordingServer>>;
let refusedUrl: string;
beforeAll(async () => {
  server = await startRecordingServer(failureReplies);
  refusedUrl = await closedPortUrl();
});
afterAll(() => server.close());

type Case = [kind: string, errorClass: abstract new (...args: never[]) => Error, call: (api: MiroApi) => Observable<unknown>, refused?: boolean];
const cases: Case[] = [
  ['api error with the token echoed back', MiroApiError, (api) => api.getSpecificBoard('echo')],
  ['api error without echo', MiroApiError, (api) => api.getSpecificBoard('not-found')],
  ['rate limit', MiroRateLimitError, (api) => api.getSpecificBoard('rate-limited')],
  ['connection reset', MiroNetworkError, (api) => api.getSpecificBoard('reset')],
  ['connection refused', MiroNetworkError, (api) => api.getSpecificBoard('b1'), true],
  ['timeout', MiroTimeoutError, (api) => api.getSpecificBoard('hang', { timeoutMs: 100 })],
  ['invalid JSON answer', MiroApiError, (api) => api.getSpecificBoard('broken-json')],
  ['aborted by signal', MiroNetworkError, (api) => api.getSpecificBoard('hang', { signal: AbortSignal.timeout(50) })],
  ['validation, token passed as a bad value', MiroValidationError, (api) => api.getItemsWithinFrame('b1', { parentItemId: TOKEN, extra: TOKEN } as never)],
  ['revoke-token v1, token in the query, echoed back', MiroApiError, (api) => api.revokeToken({ accessToken: REVOKED })],
];
const tokenForms: Array<[string, AccessTokenSource]> = [
  ['string token', TOKEN],
  ['function token', () => Promise.resolve(TOKEN)],
];

/** Every way an error gets printed or shipped. */
function renderings(error: Error, lines: string[]): Record<string, string> {
  return {
    inspect: inspect(error, { depth: 10 }),
    json: JSON.stringify(error),
    stack: String(error.stack),
    string: String(error),
    message: error.message,
    log: lines.join('\n'),
  };
}

describe.each(tokenForms)('redaction with a %s', (_, token) => {
  it.each(cases)('%s', async (_kind, errorClass, call, refused) => {
    const lines: string[] = [];
    const base = refused ? refusedUrl : server.url;
    const api = new MiroApi(token, { baseUrl: base, scimBaseUrl: base, logger: (line) => lines.push(line), rateLimit: false, retry: false });
    const error = (await firstValueFrom(call(api)).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(errorClass);
    // The error still says where it happened.
    expect(error.message).toMatch(/\((get-specific-board|get-items-within-frame|revoke-token): (GET|POST) \//);
    for (const [where, text] of Object.entries(renderings(error, lines))) {
      for (const secret of [TOKEN, encodeURIComponent(TOKEN), REVOKED]) expect(text, `${where} leaks a token`).not.toContain(secret);
    }
  });
});

describe('what redaction keeps', () => {
  it('an echoed token is replaced in message and context, the rest of the error intact', async () => {
    const api = new MiroApi(TOKEN, { baseUrl: server.url, scimBaseUrl: server.url, rateLimit: false, retry: false });
    const error = (await firstValueFrom(api.getSpecificBoard('echo')).catch((e: unknown) => e)) as MiroApiError;
    expect(error).toMatchObject({ status: 401, code: 'tokenInvalid', path: '/v2/boards/echo' });
    expect(error.message).toBe('401: token [redacted] is not valid (get-specific-board: GET /v2/boards/echo)');
    expect(error.context).toEqual({ token: '[redacted]', query: '', url: '/v2/boards/echo' });
  });

  it("revoke-token's error path has no query string, and log lines name the route only", async () => {
    const lines: string[] = [];
    const api = new MiroApi(TOKEN, { baseUrl: server.url, scimBaseUrl: server.url, logger: (line) => lines.push(line), rateLimit: false, retry: false });
    const error = (await firstValueFrom(api.revokeToken({ accessToken: REVOKED })).catch((e: unknown) => e)) as MiroApiError;
    expect(error.path).toBe('/v1/oauth/revoke');
    expect(server.requests.at(-1)!.url).toBe(`/v1/oauth/revoke?access_token=${REVOKED}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^POST \/v1\/oauth\/revoke 400 \d+ms revoke-token 0cr #1$/);
  });
});
