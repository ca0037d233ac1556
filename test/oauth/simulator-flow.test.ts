import { firstValueFrom, forkJoin } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { InMemoryStorage, Miro, MiroApi, MiroApiError, MiroOAuthError, type MiroTokenState } from '../../src/index.js';
import { type MiroSimulator, startMiroSimulator } from '../../src/simulator/index.js';

const CLIENT = { clientId: 'sim-app-3074457', clientSecret: 'sim-secret-R2d5Xq8LmN', redirectUri: 'http://127.0.0.1:9/oauth/callback' };
const TTL_SECONDS = 600;
let sim: MiroSimulator;

beforeAll(async () => {
  // The clock is read at each call, so faking Date moves the simulator's clock too.
  sim = await startMiroSimulator({ oauth: { clients: [CLIENT], accessTokenTtlSeconds: TTL_SECONDS }, now: () => Date.now() });
});
afterAll(() => sim.close());
afterEach(() => vi.useRealTimers());

function miroOn(storage = new InMemoryStorage()): Miro {
  return new Miro({
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    redirectUrl: CLIENT.redirectUri,
    authBaseUrl: sim.url,
    apiBaseUrl: sim.url,
    storage,
    api: { scimBaseUrl: `${sim.url}/scim` },
  });
}

/** Starts a login and follows the authorize redirect as the user's browser would; the state is the session's. */
async function consent(miro: Miro, extra: Record<string, string> = {}): Promise<{ callback: string; state: string }> {
  const login = miro.createAuthRequest();
  const url = new URL(login.url);
  for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value);
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return { callback: response.headers.get('location')!, state: login.state };
}

/** The exchange's arguments after a consent: callback URL and the session's state. */
async function consentArgs(miro: Miro, extra: Record<string, string>): Promise<[string, { state: string }]> {
  const { callback, state } = await consent(miro, extra);
  return [callback, { state }];
}

const tokenCalls = () => sim.requestLog.filter((entry) => entry.operationId === 'oauth-token');

describe('the OAuth flow against the simulator', () => {
  it('authorises, calls as the user, reads token info and revokes', async () => {
    const storage = new InMemoryStorage();
    const miro = miroOn(storage);
    const { callback, state } = await consent(miro, { user_id: 'sim-user-1' });
    const accessToken = await firstValueFrom(miro.exchangeCodeForAccessToken('alice', callback, { state }));
    expect(storage.get('alice')).toMatchObject({ accessToken, userId: 'sim-user-1', tokenType: 'bearer' });
    expect(tokenCalls().at(-1)).toMatchObject({ method: 'POST', path: '/v1/oauth/token', query: '', status: 200 });

    const board = sim.state.createBoard({ name: 'Retro' });
    const api = miro.as('alice');
    expect((await firstValueFrom(api.getSpecificBoard(board.id))).name).toBe('Retro');
    expect(sim.requestLog.at(-1)).toMatchObject({ operationId: 'get-specific-board', userId: 'sim-user-1', status: 200 });
    expect((await firstValueFrom(miro.tokenInfo('alice'))).user.id).toBe('sim-user-1');

    await firstValueFrom(miro.revokeToken('alice'));
    expect(sim.requestLog.at(-1)).toMatchObject({ operationId: 'revoke-token-v2', status: 204 });
    expect(storage.get('alice')).toBeUndefined();
    // The revoked token no longer works at Miro, and the user is no longer authorised here.
    const plain = new MiroApi(accessToken, { baseUrl: sim.url, scimBaseUrl: `${sim.url}/scim`, rateLimit: false, retry: false });
    const direct = await firstValueFrom(plain.getSpecificBoard(board.id)).catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(MiroApiError);
    expect((direct as MiroApiError).status).toBe(401);
    expect(await firstValueFrom(miro.isAuthorized('alice'))).toBe(false);
  });

  it('refreshes an expired token once for 50 concurrent calls, storing the rotated refresh token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const storage = new InMemoryStorage();
    const miro = miroOn(storage);
    await firstValueFrom(miro.exchangeCodeForAccessToken('bob', ...(await consentArgs(miro, { user_id: 'sim-user-2' }))));
    const before = storage.get('bob') as MiroTokenState;
    expect(before.expiresAt).toBe(Date.now() + TTL_SECONDS * 1000);
    const board = sim.state.createBoard({ name: 'Plan' });
    vi.setSystemTime(Date.now() + TTL_SECONDS * 1000 + 1);

    const calls = tokenCalls().length;
    const api = miro.as('bob');
    const boards = await firstValueFrom(forkJoin(Array.from({ length: 50 }, () => api.getSpecificBoard(board.id))));
    expect(boards.every((b) => b.name === 'Plan')).toBe(true);
    expect(tokenCalls().length - calls).toBe(1);
    const after = storage.get('bob') as MiroTokenState;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expiresAt).toBe(Date.now() + TTL_SECONDS * 1000);

    // The old refresh token was spent by the rotation: using it again is refused.
    const staleStorage = new InMemoryStorage();
    staleStorage.set('bob', { ...before, expiresAt: 0 });
    const refused = await firstValueFrom(miroOn(staleStorage).as('bob').getSpecificBoard(board.id)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MiroOAuthError);
    expect(refused).toMatchObject({ reason: 'token-refused', oauthError: 'invalid_grant', grantType: 'refresh_token' });
    expect(staleStorage.get('bob')).toEqual({ ...before, expiresAt: 0 });
  });

  it('refreshes and retries once when Miro answers 401 to a token it considers expired', async () => {
    const storage = new InMemoryStorage();
    const miro = miroOn(storage);
    await firstValueFrom(miro.exchangeCodeForAccessToken('carol', ...(await consentArgs(miro, { user_id: 'sim-user-3' }))));
    const expired = sim.state.issueToken('sim-user-3', { expiresInSeconds: 0 });
    storage.set('carol', { ...storage.get('carol')!, accessToken: expired });
    const board = sim.state.createBoard({ name: 'Roadmap' });
    const calls = tokenCalls().length;
    expect((await firstValueFrom(miro.as('carol').getSpecificBoard(board.id))).name).toBe('Roadmap');
    expect(tokenCalls().length - calls).toBe(1);
    const statuses = sim.requestLog
      .filter((e) => e.operationId === 'get-specific-board')
      .slice(-2)
      .map((e) => e.status);
    expect(statuses).toEqual([401, 200]);
    expect(storage.get('carol')!.accessToken).not.toBe(expired);
  });

  it('gives each user one credit budget, shared by every client acting as that user', () => {
    const miro = miroOn();
    expect(miro.as('erin').rateLimitState$).toBe(miro.as('erin').rateLimitState$);
    expect(miro.as('erin').rateLimitState$).toBe(miroOn().as('erin').rateLimitState$);
    expect(miro.as('erin').rateLimitState$).not.toBe(miro.as('frank').rateLimitState$);
    // Miro's budget is per user in an app: another app acting for the same user has its own.
    const otherApp = new Miro({
      clientId: 'another-app',
      clientSecret: 'another-secret',
      redirectUrl: CLIENT.redirectUri,
      authBaseUrl: sim.url,
      apiBaseUrl: sim.url,
      api: { scimBaseUrl: `${sim.url}/scim` },
    });
    expect(otherApp.as('erin').rateLimitState$).not.toBe(miro.as('erin').rateLimitState$);
  });

  it('reports a denied consent clearly and sends nothing to the token endpoint', async () => {
    const miro = miroOn();
    const { callback, state } = await consent(miro, { deny: '1' });
    const calls = tokenCalls().length;
    const error = await firstValueFrom(miro.exchangeCodeForAccessToken('dave', callback, { state })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MiroOAuthError', reason: 'authorization-denied', oauthError: 'access_denied' });
    expect((error as Error).message).toBe('Miro did not authorise the app (access_denied: the user did not allow access)');
    expect(tokenCalls().length).toBe(calls);
  });
});
