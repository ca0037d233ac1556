/**
 * `Storage.lockRefresh`: with it, processes sharing one storage refresh a user once between
 * them (the others read the result), waits for the lock are bounded, and the lock is given back
 * whatever the refresh's outcome. The storage here is in memory; redis-token-storage tests run
 * the same against Redis and real processes.
 */
import { firstValueFrom } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { InMemoryStorage, MiroOAuthError, MiroStorageError, type MiroTokenState } from '../../src/index.js';
import type { FakeMiroOAuth } from './support/fake-miro-oauth.js';
import { LockingStorage } from './support/locking-storage.js';
import { authorise, miroFor, useSlowTokenServer } from './support/oauth-setup.js';

let server: FakeMiroOAuth;
useSlowTokenServer((started) => (server = started));

const bearerOf = (request: { headers: { authorization?: string } }) => request.headers.authorization?.replace(/^Bearer /, '');
const failures = (results: PromiseSettledResult<unknown>[]) =>
  results.filter((result) => result.status === 'rejected').map((result) => String((result as PromiseRejectedResult).reason));

describe('two processes sharing a storage with a refresh lock', () => {
  it('refresh a token both found expiring once: the second reads the first one’s result', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-01T10:00:00Z'));
    const storage = new LockingStorage();
    const [first, second] = [miroFor(server, { storage }), miroFor(server, { storage })];
    await authorise(first, server, 'ahead');
    vi.setSystemTime(Date.now() + 3_600_001);
    const refreshes = server.tokenRequests('refresh_token').length;
    const calls = [first, second].flatMap((miro) => Array.from({ length: 10 }, () => firstValueFrom(miro.as('ahead').getSpecificBoard('b'))));
    expect(failures(await Promise.allSettled(calls))).toEqual([]);
    // Without the lock each process sends its own (the loser's is refused): 2.
    expect(server.tokenRequests('refresh_token').length - refreshes).toBe(1);
    expect(storage.released).toBe(storage.taken);
    expect(server.liveGrants().map((grant) => grant.refreshToken)).toContain(storage.get('ahead')!.refreshToken);
  });

  it('refresh once after both got a 401: the one that waited sees the token change under the lock', async () => {
    const storage = new LockingStorage();
    const [first, second] = [miroFor(server, { storage }), miroFor(server, { storage })];
    await authorise(first, server, 'unauthorized');
    server.expireAccessTokens();
    const refreshes = server.tokenRequests('refresh_token').length;
    const calls = [first, second].flatMap((miro) => Array.from({ length: 5 }, () => firstValueFrom(miro.as('unauthorized').getSpecificBoard('b'))));
    expect(failures(await Promise.allSettled(calls))).toEqual([]);
    expect(server.tokenRequests('refresh_token').length - refreshes).toBe(1);
  });
});

/** A user logged in on a locking storage, with only Date faked (sockets and the server run as usual). */
async function loggedIn(userId: string) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-05-01T10:00:00Z'));
  const storage = new LockingStorage();
  const miro = miroFor(server, { storage });
  await authorise(miro, server, userId);
  return { storage, miro };
}

/** Moves the clock to where tokens are still valid at the server but inside the refresh margin: refreshed ahead. */
const expiringSoon = () => vi.setSystemTime(Date.now() + 3_600_000 - 30_000);

describe('the refresh lock off the happy path', () => {
  it('a lock that never comes fails the call with a MiroStorageError naming the user, sends nothing, and a late lock is given back', async () => {
    const storage = new LockingStorage();
    const miro = miroFor(server, { storage, storageTimeoutMs: 2_000 });
    await authorise(miro, server, 'u-wait');
    const refreshes = server.tokenRequests('refresh_token').length;
    storage.hold = true;
    vi.useFakeTimers();
    vi.setSystemTime(Date.now() + 3_600_001);
    let settled: unknown;
    firstValueFrom(miro.as('u-wait').getSpecificBoard('b')).then(
      (value) => (settled = value),
      (error: unknown) => (settled = error),
    );
    // The storage is told how long Miro waits, and (ignoring it here) is cut off a second later.
    await vi.advanceTimersByTimeAsync(2_999);
    expect(settled).toBeUndefined();
    expect(storage.lastRequest?.waitMs).toBe(2_000);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBeInstanceOf(MiroStorageError);
    expect(settled).toMatchObject({ action: 'lock', userId: 'u-wait', timeoutMs: 2_000 });
    expect((settled as Error).message).toBe('could not take the refresh lock of user u-wait (no refresh was sent): no lock within 2000 ms (storageTimeoutMs)');
    expect(storage.lastRequest?.signal.aborted).toBe(true);
    vi.useRealTimers();
    storage.grantLate();
    await vi.waitFor(() => expect(storage.taken).toBe(1));
    await vi.waitFor(() => expect(storage.released).toBe(1));
    expect(server.tokenRequests('refresh_token').length).toBe(refreshes);
  });

  it('a storage whose lockRefresh rejects gives a MiroStorageError with its reason, secrets redacted', async () => {
    const storage = new LockingStorage();
    const miro = miroFor(server, { storage });
    const accessToken = await authorise(miro, server, 'u-reject');
    storage.lockRefresh = async () => {
      throw new Error(`lock server down while holding ${accessToken}`);
    };
    server.expireAccessTokens();
    const error = await firstValueFrom(miro.as('u-reject').getSpecificBoard('b')).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MiroStorageError', action: 'lock', userId: 'u-reject' });
    expect((error as Error).message).toMatch(/^could not take the refresh lock of user u-reject \(no refresh was sent\): lock server down/);
    expect((error as Error).message).not.toContain(accessToken);
    expect(String((error as Error).cause)).not.toContain(accessToken);
  });

  it('a holder whose refresh Miro refuses (invalid_grant) reports token-refused, leaves storage as it was and gives the lock back', async () => {
    const storage = new LockingStorage();
    const miro = miroFor(server, { storage });
    await authorise(miro, server, 'u-refused');
    const before = storage.get('u-refused');
    server.setTokenReply(() => ({ status: 400, body: JSON.stringify({ error: 'invalid_grant', error_description: 'revoked' }) }));
    server.expireAccessTokens();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const error = await firstValueFrom(miro.as('u-refused').getSpecificBoard('b')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MiroOAuthError);
      expect(error).toMatchObject({ reason: 'token-refused', oauthError: 'invalid_grant', userId: 'u-refused' });
    }
    // Each call took the lock and gave it back: the second was not stuck behind the first.
    expect(storage.taken).toBe(2);
    expect(storage.released).toBe(2);
    expect(storage.get('u-refused')).toEqual(before);
  });

  it('when the compare-and-swap finds another state (a new login meanwhile), that state is used and kept', async () => {
    const { storage, miro } = await loggedIn('u-swap');
    // The same user logs in again elsewhere while this process refreshes.
    const elsewhere = new InMemoryStorage();
    await authorise(miroFor(server, { storage: elsewhere }), server, 'u-swap');
    const newLogin = elsewhere.get('u-swap') as MiroTokenState;
    storage.beforeReplace = (userId) => storage.set(userId, newLogin);
    expiringSoon();
    await firstValueFrom(miro.as('u-swap').getSpecificBoard('b'));
    expect(storage.get('u-swap')).toEqual(newLogin);
    expect(bearerOf(server.requests.at(-1)!)).toBe(newLogin.accessToken);
  });

  it('when the compare-and-swap finds the user deleted (revoked meanwhile), the user stays deleted', async () => {
    const { storage, miro } = await loggedIn('u-gone');
    storage.beforeReplace = (userId) => storage.set(userId, undefined);
    expiringSoon();
    const error = await firstValueFrom(miro.as('u-gone').getSpecificBoard('b')).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MiroOAuthError', reason: 'not-authorized', userId: 'u-gone' });
    expect((error as Error).message).toMatch(/deleted while they were being refreshed/);
    expect(storage.get('u-gone')).toBeUndefined();
  });
});
