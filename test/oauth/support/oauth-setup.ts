import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { Miro, type MiroOptions } from '../../../src/index.js';
import { type FakeMiroOAuth, type FakeMiroOAuthOptions, startFakeMiroOAuth } from './fake-miro-oauth.js';

export const CLIENT = {
  clientId: 'client-3458764517',
  clientSecret: 'secret-Q9yTzM2kLw8vNp4R',
  redirectUri: 'http://127.0.0.1:9/callback',
};

/** A Miro instance whose every URL points at the loopback fake. */
export function miroFor(server: FakeMiroOAuth, options: MiroOptions = {}): Miro {
  return new Miro({
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    redirectUrl: CLIENT.redirectUri,
    authBaseUrl: server.url,
    apiBaseUrl: server.url,
    ...options,
    api: { baseUrl: server.url, scimBaseUrl: `${server.url}/scim`, rateLimit: false, ...options.api },
  });
}

export function startServer(options: Partial<FakeMiroOAuthOptions> = {}) {
  return startFakeMiroOAuth({ ...CLIENT, ...options });
}

/** Runs the browser half of the flow and the exchange: the user ends up authorised. */
export async function authorise(miro: Miro, server: FakeMiroOAuth, userId: string): Promise<string> {
  const login = miro.createAuthRequest();
  const callback = await server.authorize(login.url, { user_id: userId });
  const { firstValueFrom } = await import('rxjs');
  return firstValueFrom(miro.exchangeCodeForAccessToken(userId, callback, { state: login.state }));
}

/**
 * A fake for the file's tests whose token endpoint answers after 40 ms, so that concurrent
 * callers arrive while a refresh is in flight; after each test, real timers and normal token
 * answers again.
 */
export function useSlowTokenServer(started: (server: FakeMiroOAuth) => void): void {
  let server: FakeMiroOAuth | undefined;
  beforeAll(async () => {
    server = await startServer({ tokenDelayMs: 40 });
    started(server);
  });
  afterAll(() => server?.close());
  afterEach(() => {
    vi.useRealTimers();
    server?.setTokenReply(undefined);
  });
}
