import { firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOAuthState, type MiroOAuthError } from '../../src/index.js';
import type { FakeMiroOAuth } from './support/fake-miro-oauth.js';
import { miroFor, startServer } from './support/oauth-setup.js';

let server: FakeMiroOAuth;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => vi.useRealTimers());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as MiroOAuthError,
  );

describe('OAuth state (CSRF protection)', () => {
  it('creates unguessable, URL-safe states', () => {
    const states = new Set(Array.from({ length: 1000 }, () => createOAuthState()));
    expect(states.size).toBe(1000);
    for (const state of states) expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('gives a fresh state on every authUrl read', () => {
    const miro = miroFor(server);
    expect(new URL(miro.authUrl).searchParams.get('state')).not.toBe(new URL(miro.authUrl).searchParams.get('state'));
    expect(() => miro.getAuthUrl('short')).toThrow('state must be a string of 8 characters or more');
  });

  it("refuses, by default, an attacker's callback carrying a state this very instance issued (login CSRF)", async () => {
    const miro = miroFor(server);
    // The attacker starts a login on the app, consents with their own Miro account, and makes
    // the victim's browser open the callback; the victim's session holds its own state.
    const attackerLogin = miro.createAuthRequest();
    const attackerCallback = await server.authorize(attackerLogin.url, { user_id: 'attacker' });
    const victimLogin = miro.createAuthRequest();
    const tokenCalls = server.tokenRequests().length;

    const withoutState = await failure(firstValueFrom(miro.exchangeCodeForAccessToken('victim', attackerCallback)));
    expect(withoutState).toMatchObject({ name: 'MiroOAuthError', reason: 'state-mismatch', userId: 'victim' });
    expect(withoutState.message).toMatch(/needs \{ state \}.*session.*CSRF/);
    const withVictimState = await failure(firstValueFrom(miro.exchangeCodeForAccessToken('victim', attackerCallback, { state: victimLogin.state })));
    expect(withVictimState.message).toMatch(/does not match the one kept in the session/);
    expect(server.tokenRequests().length).toBe(tokenCalls);
    expect(await firstValueFrom(miro.isAuthorized('victim'))).toBe(false);
  });

  it('completes the login whose state the session kept', async () => {
    const miro = miroFor(server);
    const login = miro.createAuthRequest();
    expect(new URL(login.url).searchParams.get('state')).toBe(login.state);
    const callback = await server.authorize(login.url, { user_id: 'owner' });
    await expect(firstValueFrom(miro.exchangeCodeForAccessToken('owner', callback, { state: login.state }))).resolves.toMatch(/^at-/);
  });

  it('refuses a state option that is not a non-empty string', async () => {
    const miro = miroFor(server);
    const callback = await server.authorize(miro.authUrl);
    for (const state of ['', 42 as never]) {
      const error = (await firstValueFrom(miro.exchangeCodeForAccessToken('u', callback, { state })).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(/options.state must be the non-empty state kept in the session/);
    }
  });

  describe('the opt-in acceptAnyIssuedState mode (single-user processes)', () => {
    const anyIssued = { acceptAnyIssuedState: true };

    it('refuses a callback whose state this instance never issued, without calling the token endpoint', async () => {
      const miro = miroFor(server);
      const other = miroFor(server);
      const callback = await server.authorize(other.authUrl);
      const tokenCalls = server.tokenRequests().length;
      const error = await failure(firstValueFrom(miro.exchangeCodeForAccessToken('u', callback, anyIssued)));
      expect(error).toMatchObject({ name: 'MiroOAuthError', reason: 'state-mismatch', userId: 'u' });
      expect(error.message).toMatch(/was not issued by this Miro instance.*CSRF/);
      expect(server.tokenRequests().length).toBe(tokenCalls);
    });

    it('accepts a state once only', async () => {
      const miro = miroFor(server);
      const authUrl = miro.getAuthUrl();
      await firstValueFrom(miro.exchangeCodeForAccessToken('u1', await server.authorize(authUrl), anyIssued));
      const replay = await failure(firstValueFrom(miro.exchangeCodeForAccessToken('u1', await server.authorize(authUrl), anyIssued)));
      expect(replay.reason).toBe('state-mismatch');
    });

    it('expires states after stateTtlMs', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const miro = miroFor(server, { stateTtlMs: 60_000 });
      const authUrl = miro.getAuthUrl();
      vi.setSystemTime(Date.now() + 60_001);
      const error = await failure(firstValueFrom(miro.exchangeCodeForAccessToken('u', await server.authorize(authUrl), anyIssued)));
      expect(error.reason).toBe('state-mismatch');
    });
  });

  it('checks against the state kept in the session when one is given', async () => {
    const issuing = miroFor(server); // another process, say
    const handling = miroFor(server);
    const state = createOAuthState();
    const callback = await server.authorize(issuing.getAuthUrl(state));
    const wrong = await failure(firstValueFrom(handling.exchangeCodeForAccessToken('u', callback, { state: createOAuthState() })));
    expect(wrong.message).toMatch(/does not match the one kept in the session/);
    await expect(firstValueFrom(handling.exchangeCodeForAccessToken('u', callback, { state }))).resolves.toMatch(/^at-/);
  });

  it('refuses a callback URL without a state, and one without a code', async () => {
    const miro = miroFor(server);
    const login = miro.createAuthRequest();
    const noState = new URL(await server.authorize(login.url));
    noState.searchParams.delete('state');
    expect((await failure(firstValueFrom(miro.exchangeCodeForAccessToken('u', noState.toString(), { state: login.state })))).message).toMatch(
      /state is missing/,
    );
    const noCode = await failure(firstValueFrom(miro.exchangeCodeForAccessToken('u', 'http://127.0.0.1/cb?state=abc')));
    expect(noCode).toMatchObject({ reason: 'invalid-callback' });
    expect(noCode.message).toMatch(/neither a code nor an error/);
    const odd = await failure(firstValueFrom(miro.exchangeCodeForAccessToken('u', 'code with spaces')));
    expect(odd).toMatchObject({ reason: 'invalid-callback' });
    expect(odd.message).not.toContain('with spaces');
  });
});
