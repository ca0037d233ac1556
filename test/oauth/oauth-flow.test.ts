import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryStorage, MiroOAuthError, type MiroTokenState } from '../../src/index.js';
import type { FakeMiroOAuth } from './support/fake-miro-oauth.js';
import { CLIENT, miroFor, startServer } from './support/oauth-setup.js';

let server: FakeMiroOAuth;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('the authorisation code flow', () => {
  it('goes from auth URL to code, token, stored state, calls, token info and revoke', async () => {
    const storage = new InMemoryStorage();
    const miro = miroFor(server, { storage });
    const login = miro.createAuthRequest('team-42');
    const authUrl = new URL(login.url);
    expect(authUrl.origin + authUrl.pathname).toBe(`${server.url}/oauth/authorize`);
    expect(authUrl.searchParams.get('response_type')).toBe('code');
    expect(authUrl.searchParams.get('client_id')).toBe(CLIENT.clientId);
    expect(authUrl.searchParams.get('redirect_uri')).toBe(CLIENT.redirectUri);
    expect(authUrl.searchParams.get('team_id')).toBe('team-42');
    expect(authUrl.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(authUrl.searchParams.get('state')).toBe(login.state);

    const callback = await server.authorize(authUrl.toString(), { user_id: 'miro-user-7' });
    const code = new URL(callback).searchParams.get('code')!;
    expect(code).toBeTruthy();
    expect(await firstValueFrom(miro.isAuthorized('app-user'))).toBe(false);

    const before = Date.now();
    const accessToken = await firstValueFrom(miro.exchangeCodeForAccessToken('app-user', callback, { state: login.state }));
    const stored = storage.get('app-user') as MiroTokenState;
    expect(stored).toMatchObject({ accessToken, userId: 'miro-user-7', teamId: 'team-1', scope: 'boards:read boards:write', tokenType: 'bearer' });
    expect(stored.refreshToken).toMatch(/^rt-/);
    expect(stored.expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
    expect(stored.expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);

    // The secret and the code travelled in a form body, never in a URL.
    const [tokenCall] = server.tokenRequests('authorization_code');
    expect(tokenCall!.url).toBe('/v1/oauth/token');
    expect(tokenCall!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(tokenCall!.body);
    expect(form.get('client_secret')).toBe(CLIENT.clientSecret);
    expect(form.get('code')).toBe(code);
    expect(form.get('redirect_uri')).toBe(CLIENT.redirectUri);
    for (const request of server.requests) {
      expect(request.url).not.toContain(CLIENT.clientSecret);
      if (!request.url.startsWith('/?') && !request.url.startsWith('/oauth/authorize')) expect(request.url).not.toContain(code);
    }

    expect(await firstValueFrom(miro.isAuthorized('app-user'))).toBe(true);
    const board = await firstValueFrom(miro.as('app-user').getSpecificBoard('b-1'));
    expect(board).toMatchObject({ id: 'b-1', name: 'Board of miro-user-7' });
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${accessToken}`);
    const info = await firstValueFrom(miro.tokenInfo('app-user'));
    expect(info.user.id).toBe('miro-user-7');

    await firstValueFrom(miro.revokeToken('app-user'));
    const revoke = server.requests.find((r) => r.url === '/v2/oauth/revoke')!;
    expect(JSON.parse(revoke.body)).toEqual({ accessToken, clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret });
    expect(storage.get('app-user')).toBeUndefined();
    expect(server.liveGrants().some((g) => g.accessToken === accessToken)).toBe(false);
    expect(await firstValueFrom(miro.isAuthorized('app-user'))).toBe(false);
    // Revoking a user with nothing stored completes without a request.
    const count = server.requests.length;
    await expect(firstValueFrom(miro.revokeToken('app-user'))).resolves.toBeUndefined();
    expect(server.requests.length).toBe(count);
  });

  it('accepts a path-and-query callback (as Node gives request.url) and a bare code', async () => {
    const miro = miroFor(server);
    const login = miro.createAuthRequest();
    const callback = new URL(await server.authorize(login.url, { user_id: 'u-path' }));
    await firstValueFrom(miro.exchangeCodeForAccessToken('by-path', callback.pathname + callback.search, { state: login.state }));
    expect(await firstValueFrom(miro.isAuthorized('by-path'))).toBe(true);

    const bare = new URL(await server.authorize(miro.authUrl, { user_id: 'u-bare' })).searchParams.get('code')!;
    await firstValueFrom(miro.exchangeCodeForAccessToken('by-code', bare));
    expect((await firstValueFrom(miro.as('by-code').getSpecificBoard('b'))).name).toBe('Board of u-bare');
  });

  it('turns an error= callback into a clear error and never sends it as a code', async () => {
    const miro = miroFor(server);
    const callback = await server.authorize(miro.authUrl, { deny: '1' });
    expect(callback).toContain('error=access_denied');
    const tokenCalls = server.tokenRequests().length;
    const error = await firstValueFrom(miro.exchangeCodeForAccessToken('denied', callback)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroOAuthError);
    expect(error).toMatchObject({ reason: 'authorization-denied', oauthError: 'access_denied', userId: 'denied' });
    expect((error as Error).message).toMatch(/did not authorise the app \(access_denied\)/);
    expect(server.tokenRequests().length).toBe(tokenCalls);
  });

  it('rejects a code the token endpoint refuses, storing nothing', async () => {
    const storage = new InMemoryStorage();
    const miro = miroFor(server, { storage });
    const error = await firstValueFrom(miro.exchangeCodeForAccessToken('u', 'code-never-issued')).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MiroOAuthError', reason: 'token-refused', status: 400, oauthError: 'invalid_grant', grantType: 'authorization_code' });
    expect(storage.get('u')).toBeUndefined();
  });

  it('is cold: nothing is sent before subscription', async () => {
    const miro = miroFor(server);
    const count = server.requests.length;
    const exchange$ = miro.exchangeCodeForAccessToken('cold', 'code-cold');
    const revoke$ = miro.revokeToken('cold');
    expect(server.requests.length).toBe(count);
    await firstValueFrom(exchange$).catch(() => undefined);
    await firstValueFrom(revoke$);
    expect(server.requests.length).toBe(count + 1);
  });

  it('keeps each instance’s default storage to itself', async () => {
    const first = miroFor(server);
    const second = miroFor(server);
    const login = first.createAuthRequest();
    const callback = await server.authorize(login.url, { user_id: 'shared-name' });
    await firstValueFrom(first.exchangeCodeForAccessToken('same-user', callback, { state: login.state }));
    expect(await firstValueFrom(first.isAuthorized('same-user'))).toBe(true);
    expect(await firstValueFrom(second.isAuthorized('same-user'))).toBe(false);
  });
});
