/**
 * Storage that never answers, and two processes sharing one storage while a refresh token
 * rotates: calls end within a bound, and a rotation done elsewhere is picked up, not reported
 * as "authorise again".
 */
import { firstValueFrom, forkJoin } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { InMemoryStorage, MiroError, MiroOAuthError, MiroStorageError, type MiroTokenState, type Storage } from '../../src/index.js';
import type { FakeMiroOAuth } from './support/fake-miro-oauth.js';
import { authorise, miroFor, startServer } from './support/oauth-setup.js';

let server: FakeMiroOAuth;
beforeAll(async () => {
  // A slow token endpoint keeps both processes' refreshes in flight at once.
  server = await startServer({ tokenDelayMs: 40 });
});
afterAll(() => server.close());
afterEach(() => vi.useRealTimers());

/** A storage whose reads can be switched to never answer. */
class HangingStorage implements Storage {
  readonly inner = new InMemoryStorage();
  hang = false;
  get(userId: string): Promise<MiroTokenState | undefined> {
    return this.hang ? new Promise(() => undefined) : Promise.resolve(this.inner.get(userId));
  }
  set(userId: string, state: MiroTokenState | undefined): Promise<void> {
    return this.hang ? new Promise(() => undefined) : Promise.resolve(this.inner.set(userId, state));
  }
}

/** Settles the promise into a box, so the test can see whether it has settled yet. */
function watch(promise: Promise<unknown>) {
  const box: { settled: boolean; value?: unknown; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(box, { settled: true, value }),
    (error: unknown) => Object.assign(box, { settled: true, error }),
  );
  return box;
}

describe('a storage that never answers', () => {
  it('fails as(user) calls with a MiroStorageError after storageTimeoutMs instead of hanging', async () => {
    const storage = new HangingStorage();
    const miro = miroFor(server, { storage, storageTimeoutMs: 2_000 });
    await authorise(miro, server, 'u-hang');
    storage.hang = true;
    vi.useFakeTimers();
    const call = watch(firstValueFrom(miro.as('u-hang').getSpecificBoard('b')));
    const check = watch(firstValueFrom(miro.isAuthorized('u-hang')));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(call.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    for (const box of [call, check]) {
      expect(box.settled).toBe(true);
      expect(box.error).toBeInstanceOf(MiroStorageError);
      expect(box.error).toMatchObject({ action: 'get', userId: 'u-hang', timeoutMs: 2_000 });
      expect((box.error as Error).message).toMatch(/no answer within 2000 ms \(storageTimeoutMs\)/);
    }
  });

  it('ends a call by its own timeoutMs when that comes before storageTimeoutMs, sending nothing', async () => {
    const storage = new HangingStorage();
    const miro = miroFor(server, { storage, storageTimeoutMs: 60_000 });
    await authorise(miro, server, 'u-call');
    storage.hang = true;
    const sent = server.requests.length;
    vi.useFakeTimers();
    const call = watch(firstValueFrom(miro.as('u-call').getSpecificBoard('b', { timeoutMs: 1_500 })));
    await vi.advanceTimersByTimeAsync(1_499);
    expect(call.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(call.error).toBeInstanceOf(MiroError);
    expect(call.error).toMatchObject({ operationId: 'get-specific-board' });
    expect((call.error as Error).message).toMatch(/no access token within 1500 ms \(timeoutMs\).*nothing was sent/);
    expect(server.requests.length).toBe(sent);
  });

  it('bounds a write that never finishes, after a code exchange', async () => {
    const storage = new HangingStorage();
    const miro = miroFor(server, { storage, storageTimeoutMs: 500 });
    const login = miro.createAuthRequest();
    const callback = await server.authorize(login.url);
    storage.hang = true;
    const error = await firstValueFrom(miro.exchangeCodeForAccessToken('u-write', callback, { state: login.state })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroStorageError);
    expect(error).toMatchObject({ action: 'set', timeoutMs: 500 });
  });

  it('has a default, and refuses a nonsense storageTimeoutMs', () => {
    expect(() => miroFor(server, { storageTimeoutMs: -1 })).toThrow(/storageTimeoutMs must be a number of milliseconds > 0/);
    expect(() => miroFor(server, { storageTimeoutMs: 0 })).toThrow(/storageTimeoutMs/);
    expect(() => miroFor(server, { storageTimeoutMs: 2 ** 31 })).toThrow(/storageTimeoutMs/);
    expect(() => miroFor(server)).not.toThrow();
  });
});

describe('two processes sharing one storage', () => {
  it('after invalid_grant on a refresh token rotated by the other, re-read storage and go on', async () => {
    const storage = new InMemoryStorage();
    const first = miroFor(server, { storage });
    const second = miroFor(server, { storage });
    await authorise(first, server, 'shared');
    server.expireAccessTokens(); // both processes get 401 and refresh with the same refresh token
    const calls = [first, second].flatMap((miro) => Array.from({ length: 10 }, (_, i) => miro.as('shared').getSpecificBoard(`b-${i}`)));
    const results = await Promise.allSettled(calls.map((call) => firstValueFrom(call)));
    const failed = results.filter((result) => result.status === 'rejected');
    expect(failed.map((result) => String((result as PromiseRejectedResult).reason))).toEqual([]);
    expect(server.liveGrants().map((grant) => grant.refreshToken)).toContain(storage.get('shared')!.refreshToken);
  });

  it('does the same when both find the stored token expiring and refresh ahead of Miro', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // only the clock: sockets and the server run as usual
    vi.setSystemTime(new Date('2026-05-01T10:00:00Z'));
    const storage = new InMemoryStorage();
    const first = miroFor(server, { storage });
    const second = miroFor(server, { storage });
    await authorise(first, server, 'ahead');
    vi.setSystemTime(Date.now() + 3_600_001);
    const refreshes = server.tokenRequests('refresh_token').length;
    const calls = [first, second].flatMap((miro) => Array.from({ length: 10 }, () => firstValueFrom(miro.as('ahead').getSpecificBoard('b'))));
    const results = await Promise.allSettled(calls);
    expect(results.filter((result) => result.status === 'rejected').map((result) => String((result as PromiseRejectedResult).reason))).toEqual([]);
    // One refresh per process at most: the loser's was refused, and it took the winner's state.
    expect(server.tokenRequests('refresh_token').length - refreshes).toBeLessThanOrEqual(2);
  });

  it('still says "authorise again" when storage holds nothing newer', async () => {
    const storage = new InMemoryStorage();
    const miro = miroFor(server, { storage });
    await authorise(miro, server, 'spent');
    server.setTokenReply(() => ({ status: 400, body: JSON.stringify({ error: 'invalid_grant', error_description: 'spent' }) }));
    server.expireAccessTokens();
    try {
      const error = await firstValueFrom(forkJoin([miro.as('spent').getSpecificBoard('b')])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MiroOAuthError);
      expect(error).toMatchObject({ reason: 'token-refused', oauthError: 'invalid_grant' });
      expect((error as Error).message).toMatch(/must authorise the app again/);
    } finally {
      server.setTokenReply(undefined);
    }
  });
});
