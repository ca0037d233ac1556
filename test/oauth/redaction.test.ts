import { inspect } from 'node:util';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryStorage, Miro, MiroApiError, MiroError, MiroNetworkError, MiroOAuthError, MiroStorageError, MiroTimeoutError } from '../../src/index.js';
import type { FakeMiroOAuth } from './support/fake-miro-oauth.js';
import { authorise, CLIENT, miroFor, startServer } from './support/oauth-setup.js';
import { SwitchableStorage } from './support/switchable-storage.js';

let server: FakeMiroOAuth;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as Error,
  );
const caughtSync = (make: () => unknown) => {
  try {
    make();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
};

describe('secrets never appear in errors or log lines', () => {
  it('holds for every error kind, through message, stack, util.inspect and JSON.stringify', async () => {
    const logLines: string[] = [];
    const storage = new SwitchableStorage();
    const miro = miroFor(server, { storage, api: { logger: (line) => logLines.push(line), timeoutMs: 300 } });
    const errors: Record<string, Error> = {};

    errors.configuration = caughtSync(() => new Miro({ clientSecret: CLIENT.clientSecret, redirectUrl: 'x', clientId: '' }));
    errors.badRedirect = caughtSync(() => new Miro({ ...CLIENT, redirectUrl: `not-a-url-${CLIENT.clientSecret}` }));

    // A denial that (oddly) also carries a code, and a malformed code.
    const liveCode = new URL(await server.authorize(miro.authUrl)).searchParams.get('code')!;
    errors.denied = await caught(firstValueFrom(miro.exchangeCodeForAccessToken('u', `http://127.0.0.1/cb?error=access_denied&code=${liveCode}`)));
    errors.malformedCode = await caught(firstValueFrom(miro.exchangeCodeForAccessToken('u', `${liveCode} ${CLIENT.clientSecret}`)));
    errors.forgedState = await caught(firstValueFrom(miro.exchangeCodeForAccessToken('u', `http://127.0.0.1/cb?code=${liveCode}&state=forged-state`)));

    // A token endpoint that echoes the whole form (secret and code) in its error.
    server.setTokenReply((request) => ({ status: 400, body: JSON.stringify({ error: 'invalid_request', error_description: `bad form ${request.body}` }) }));
    errors.refusedCode = await caught(firstValueFrom(miro.exchangeCodeForAccessToken('u', liveCode)));
    server.setTokenReply(() => ({ status: 200, body: JSON.stringify({ token: 'nope' }) }));
    errors.invalidAnswer = await caught(firstValueFrom(miro.exchangeCodeForAccessToken('u', liveCode)));
    server.setTokenReply(() => ({ status: 0, hang: true }));
    errors.timeout = await caught(firstValueFrom(miro.exchangeCodeForAccessToken('u', liveCode)));
    server.setTokenReply(undefined);

    // An authorised user, then a refresh whose refusal echoes the refresh token.
    await authorise(miro, server, 'u-ok');
    server.expireAccessTokens();
    server.setTokenReply((request) => ({
      status: 400,
      body: JSON.stringify({ error: 'invalid_grant', error_description: `spent: ${new URLSearchParams(request.body).get('refresh_token')}` }),
    }));
    errors.refusedRefresh = await caught(firstValueFrom(miro.as('u-ok').getSpecificBoard('b')));
    server.setTokenReply((request) =>
      new URLSearchParams(request.body).get('grant_type') === 'refresh_token'
        ? { status: 200, body: JSON.stringify({ access_token: 'rejected-access-token-0987', refresh_token: 'never-used-refresh-0987', expires_in: 60 }) }
        : undefined,
    );
    errors.secondUnauthorized = await caught(firstValueFrom(miro.as('u-ok').getSpecificBoard('b')));
    server.setTokenReply(undefined);

    // Storages whose errors quote what they were given.
    await authorise(miro, server, 'u-store');
    server.expireAccessTokens();
    storage.failSet = (_userId, state) => new Error(`cannot write ${JSON.stringify(state)} with ${CLIENT.clientSecret}`);
    errors.storageSet = await caught(firstValueFrom(miro.as('u-store').getSpecificBoard('b')));
    storage.failSet = undefined;
    storage.failGet = () => new Error(`driver failed; client_secret=${CLIENT.clientSecret}`);
    errors.storageGet = await caught(firstValueFrom(miro.isAuthorized('u-ok')));
    storage.failGet = undefined;
    errors.notAuthorized = await caught(firstValueFrom(miro.as('nobody').getSpecificBoard('b')));

    // The network: a token endpoint that is not there.
    const closed = new Miro({
      ...CLIENT,
      redirectUrl: CLIENT.redirectUri,
      authBaseUrl: server.url,
      apiBaseUrl: 'http://127.0.0.1:9',
      api: { baseUrl: 'http://127.0.0.1:9', scimBaseUrl: 'http://127.0.0.1:9/scim', rateLimit: false, retry: false },
    });
    errors.network = await caught(firstValueFrom(closed.exchangeCodeForAccessToken('u', liveCode)));

    // A revoke Miro refuses (wrong client secret), for a token that is valid.
    const shared = new InMemoryStorage();
    const owner = miroFor(server, { storage: shared });
    await authorise(owner, server, 'u-rev');
    const impostor = miroFor(server, { storage: shared, clientSecret: 'another-secret-5555' });
    errors.revoke = await caught(firstValueFrom(impostor.revokeToken('u-rev')));
    // A revoke endpoint that echoes its JSON body (token and client secret) in its error.
    server.setRevokeReply((request) => ({
      status: 400,
      body: JSON.stringify({ status: 400, code: 'invalidRequest', message: `bad body ${request.body}`, context: { body: request.body } }),
    }));
    errors.revokeEcho = await caught(firstValueFrom(owner.revokeToken('u-rev')));
    server.setRevokeReply(undefined);

    expect(errors.configuration).toBeInstanceOf(MiroOAuthError);
    expect(errors.denied).toMatchObject({ reason: 'authorization-denied' });
    expect(errors.malformedCode).toMatchObject({ reason: 'invalid-callback' });
    expect(errors.forgedState).toMatchObject({ reason: 'state-mismatch' });
    expect(errors.refusedCode).toMatchObject({ reason: 'token-refused', grantType: 'authorization_code' });
    expect(errors.refusedCode!.message).toContain('bad form');
    expect(errors.invalidAnswer).toMatchObject({ reason: 'invalid-token-answer' });
    expect(errors.timeout).toBeInstanceOf(MiroTimeoutError);
    expect(errors.refusedRefresh).toMatchObject({ reason: 'token-refused', grantType: 'refresh_token' });
    expect(errors.refusedRefresh!.message).toContain('spent: [redacted]');
    expect(errors.secondUnauthorized).toBeInstanceOf(MiroApiError);
    expect(errors.storageSet).toBeInstanceOf(MiroStorageError);
    expect(errors.storageSet!.message).toContain('[redacted]');
    expect(errors.storageGet).toBeInstanceOf(MiroStorageError);
    expect(errors.notAuthorized).toMatchObject({ reason: 'not-authorized' });
    expect(errors.network).toBeInstanceOf(MiroNetworkError);
    expect(errors.revoke).toBeInstanceOf(MiroApiError);
    expect(errors.revokeEcho).toBeInstanceOf(MiroApiError);
    expect(errors.revokeEcho!.message).toContain('bad body');
    expect(shared.get('u-rev')).toBeDefined();

    const secrets = [CLIENT.clientSecret, 'another-secret-5555', 'rejected-access-token-0987', 'never-used-refresh-0987', ...server.issuedSecrets()];
    expect(secrets.length).toBeGreaterThan(10);
    for (const [kind, error] of Object.entries(errors)) {
      expect(error, kind).toBeInstanceOf(MiroError);
      const renderings = [error.message, String(error.stack), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)];
      for (const secret of secrets) {
        for (const text of renderings) expect(text.includes(secret), `${kind} shows ${secret}`).toBe(false);
      }
    }
    expect(logLines.some((line) => line.startsWith('POST /v1/oauth/token 400'))).toBe(true);
    for (const line of logLines) for (const secret of secrets) expect(line.includes(secret), line).toBe(false);
    for (const text of [inspect(miro, { depth: 10, showHidden: true }), JSON.stringify(miro)]) expect(text).not.toContain(CLIENT.clientSecret);
  });
});
