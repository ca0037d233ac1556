import { firstValueFrom, forkJoin } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { InMemoryStorage, MiroApiError, MiroOAuthError, MiroStorageError, type MiroTokenState } from '../../src/index.js';
import type { FakeMiroOAuth } from './support/fake-miro-oauth.js';
import { authorise, miroFor, useSlowTokenServer } from './support/oauth-setup.js';
import { SwitchableStorage } from './support/switchable-storage.js';

const HOUR = 3600_000;
let server: FakeMiroOAuth;
useSlowTokenServer((started) => (server = started));

/** Only Date is faked: sockets and the server's timers keep running. */
function freezeClock() {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-05-01T10:00:00Z'));
}
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

describe('token refresh', () => {
  it('refreshes an expired token once for 50 concurrent calls and stores the rotated refresh token', async () => {
    freezeClock();
    const storage = new InMemoryStorage();
    const miro = miroFor(server, { storage });
    await authorise(miro, server, 'u-50');
    const first = storage.get('u-50')!;
    advance(HOUR + 1);
    const refreshesBefore = server.tokenRequests('refresh_token').length;

    const api = miro.as('u-50');
    const boards = await firstValueFrom(forkJoin(Array.from({ length: 50 }, (_, i) => api.getSpecificBoard(`b-${i}`))));

    expect(boards).toHaveLength(50);
    expect(server.tokenRequests('refresh_token').length - refreshesBefore).toBe(1);
    const second = storage.get('u-50')!;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.expiresAt).toBe(Date.now() + HOUR);
    // The refresh spent the old refresh token at Miro, so only the stored one can work now.
    expect(server.liveGrants().map((g) => g.refreshToken)).toContain(second.refreshToken);
    expect(server.liveGrants().map((g) => g.refreshToken)).not.toContain(first.refreshToken);
    const refreshForm = new URLSearchParams(server.tokenRequests('refresh_token').at(-1)!.body);
    expect(refreshForm.get('refresh_token')).toBe(first.refreshToken);
  });

  it('refreshes ahead of expiry by refreshMarginMs, and not before', async () => {
    freezeClock();
    const storage = new InMemoryStorage();
    const miro = miroFor(server, { storage, refreshMarginMs: 120_000 });
    await authorise(miro, server, 'u-margin');
    const count = () => server.tokenRequests('refresh_token').length;
    const before = count();
    advance(HOUR - 121_000);
    await firstValueFrom(miro.as('u-margin').getSpecificBoard('b'));
    expect(count()).toBe(before);
    advance(2_000);
    await firstValueFrom(miro.as('u-margin').getSpecificBoard('b'));
    expect(count()).toBe(before + 1);
  });

  it('on a 401 refreshes once and retries, once for many concurrent calls', async () => {
    const storage = new InMemoryStorage();
    const miro = miroFor(server, { storage });
    await authorise(miro, server, 'u-401');
    const old = storage.get('u-401')!.accessToken;
    server.expireAccessTokens(); // Miro rejects the token although its expiry has not come
    const before = server.tokenRequests('refresh_token').length;
    const api = miro.as('u-401');
    await firstValueFrom(forkJoin(Array.from({ length: 20 }, () => api.getSpecificBoard('b'))));
    expect(server.tokenRequests('refresh_token').length - before).toBe(1);
    expect(storage.get('u-401')!.accessToken).not.toBe(old);
  });

  it('passes on a second 401 instead of refreshing in a loop', async () => {
    const miro = miroFor(server);
    await authorise(miro, server, 'u-loop');
    server.expireAccessTokens();
    // Miro hands out a token that its API then rejects.
    server.setTokenReply((request) =>
      new URLSearchParams(request.body).get('grant_type') === 'refresh_token'
        ? { status: 200, body: JSON.stringify({ access_token: 'rejected-token-123456', refresh_token: 'rt-unused-123456', expires_in: 3600 }) }
        : undefined,
    );
    const before = server.tokenRequests('refresh_token').length;
    const error = await firstValueFrom(miro.as('u-loop').getSpecificBoard('b')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroApiError);
    expect((error as MiroApiError).status).toBe(401);
    expect(server.tokenRequests('refresh_token').length - before).toBe(1);
  });

  it('gives a clear error on a refused refresh and leaves storage as it was', async () => {
    freezeClock();
    const storage = new InMemoryStorage();
    const miro = miroFor(server, { storage });
    await authorise(miro, server, 'u-refused');
    const before = structuredClone(storage.get('u-refused'));
    advance(HOUR + 1);
    server.setTokenReply(() => ({ status: 400, body: JSON.stringify({ error: 'invalid_grant', error_description: 'refresh token revoked' }) }));
    const error = await firstValueFrom(miro.as('u-refused').getSpecificBoard('b')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroOAuthError);
    expect(error).toMatchObject({ reason: 'token-refused', grantType: 'refresh_token', status: 400, oauthError: 'invalid_grant', userId: 'u-refused' });
    expect((error as Error).message).toContain('must authorise the app again');
    expect(storage.get('u-refused')).toEqual(before);
  });

  it('says the user must authorise again when the token expired and there is no refresh token', async () => {
    freezeClock();
    const storage = new InMemoryStorage();
    const state: MiroTokenState = { accessToken: 'at-static-1234567', expiresAt: Date.now() + 1000, userId: 'm', teamId: 't', scope: 's' };
    storage.set('u-static', state);
    const miro = miroFor(server, { storage });
    expect(await firstValueFrom(miro.isAuthorized('u-static'))).toBe(true);
    advance(2000);
    expect(await firstValueFrom(miro.isAuthorized('u-static'))).toBe(false);
    const error = await firstValueFrom(miro.as('u-static').getSpecificBoard('b')).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MiroOAuthError', reason: 'not-authorized', userId: 'u-static' });
    expect((error as Error).message).toMatch(/expired and there is no refresh token/);
    const unknown = await firstValueFrom(miro.as('nobody').getSpecificBoard('b')).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ reason: 'not-authorized', userId: 'nobody' });
    // Nothing left to revoke at Miro: the state is deleted without a request.
    const requests = server.requests.length;
    await firstValueFrom(miro.revokeToken('u-static'));
    expect(storage.get('u-static')).toBeUndefined();
    expect(server.requests.length).toBe(requests);
  });

  it('keeps refreshed tokens when storage refuses them, and saves them on the next call without refreshing again', async () => {
    freezeClock();
    const storage = new SwitchableStorage();
    const miro = miroFor(server, { storage });
    await authorise(miro, server, 'u-keep');
    const before = structuredClone(storage.inner.get('u-keep'));
    advance(HOUR + 1);
    storage.failSet = () => new Error('disk full');
    const refreshes = server.tokenRequests('refresh_token').length;

    const error = await firstValueFrom(miro.as('u-keep').getSpecificBoard('b')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroStorageError);
    expect(error).toMatchObject({ action: 'set', userId: 'u-keep' });
    expect((error as Error).message).toMatch(/could not write .* previous state is unchanged.*disk full/);
    expect(storage.inner.get('u-keep')).toEqual(before);

    storage.failSet = undefined;
    await firstValueFrom(miro.as('u-keep').getSpecificBoard('b'));
    expect(server.tokenRequests('refresh_token').length - refreshes).toBe(1);
    expect(storage.inner.get('u-keep')!.refreshToken).not.toBe(before!.refreshToken);
    expect(server.liveGrants().map((g) => g.refreshToken)).toContain(storage.inner.get('u-keep')!.refreshToken);
  });

  it('finishes and stores a refresh even when every caller unsubscribes while it is in flight', async () => {
    freezeClock();
    const storage = new InMemoryStorage();
    const miro = miroFor(server, { storage });
    await authorise(miro, server, 'u-leave');
    const old = storage.get('u-leave')!;
    advance(HOUR + 1);
    const refreshes = server.tokenRequests('refresh_token').length;
    const subscription = miro
      .as('u-leave')
      .getSpecificBoard('b')
      .subscribe({ error: () => undefined });
    await vi.waitFor(() => expect(server.tokenRequests('refresh_token').length).toBe(refreshes + 1), { timeout: 10_000 });
    subscription.unsubscribe();
    await vi.waitFor(() => expect(storage.get('u-leave')!.refreshToken).not.toBe(old.refreshToken), { timeout: 10_000 });
    await firstValueFrom(miro.as('u-leave').getSpecificBoard('b'));
    expect(server.tokenRequests('refresh_token').length).toBe(refreshes + 1);
  });
});
