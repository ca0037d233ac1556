import { firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOAuthState, MiroOAuthError } from '../../src/index.js';
import type { FakeMiroOAuth } from './support/fake-miro-oauth.js';
import { miroFor, startServer } from './support/oauth-setup.js';

let server: FakeMiroOAuth;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => vi.useRealTimers());

const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as MiroOAuthError);

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

  it('refuses a callback whose state this instance never issued, without calling the token endpoint', async () => {
    const miro = miroFor(server);
    const other = miroFor(server);
    const callback = await server.authorize(other.authUrl);
    const tokenCalls = server.tokenRequests().length;
    const error = await failure(firstValueFrom(miro.exchangeCodeForAccessToken('u', callback)));
    expect(error).toMatchObject({ name: 'MiroOAuthError', reason: 'state-mismatch', userId: 'u' });
    expect(error.message).toMatch(/was not issued by this Miro instance.*CSRF/);
    expect(server.tokenRequests().length).toBe(tokenCalls);
  });

  it('accepts a state once only', async () => {
    const miro = miroFor(server);
    const authUrl = miro.getAuthUrl();
    await firstValueFrom(miro.exchangeCodeForAccessToken('u1', await server.authorize(authUrl)));
    const replay = await failure(firstValueFrom(miro.exchangeCodeForAccessToken('u1', await server.authorize(authUrl))));
    expect(replay.reason).toBe('state-mismatch');
  });

  it('expires states after stateTtlMs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const miro = miroFor(server, { stateTtlMs: 60_000 });
    const authUrl = miro.getAuthUrl();
    vi.setSystemTime(Date.now() + 60_001);
    const error = await failure(firstValueFrom(miro.exchangeCodeForAccessToken('u', await server.authorize(authUrl))));
    expect(error.reason).toBe('state-mismatch');
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
    const noState = new URL(await server.authorize(miro.authUrl));
    noState.searchParams.delete('state');
    expect((await failure(firstValueFrom(miro.exchangeCodeForAccessToken('u', noState.toString())))).message).toMatch(/state is missing/);
    const noCode = await failure(firstValueFrom(miro.exchangeCodeForAccessToken('u', 'http://127.0.0.1/cb?state=abc')));
    expect(noCode).toMatchObject({ reason: 'invalid-callback' });
    expect(noCode.message).toMatch(/neither a code nor an error/);
    const odd = await failure(firstValueFrom(miro.exchangeCodeForAccessToken('u', 'code with spaces')));
    expect(odd).toMatchObject({ reason: 'invalid-callback' });
    expect(odd.message).not.toContain('with spaces');
  });
});
