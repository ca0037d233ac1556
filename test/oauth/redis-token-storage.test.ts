/**
 * `RedisTokenStorage` against a real redis-server: what it stores, hostile stored values, the
 * optional cipher, the fenced write, the limiter's shared connection, and a lock holder that died.
 */
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { MiroApi, type MiroTokenState } from '../../src/index.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { openRedisConnections } from '../../src/limiter/redis/redis-connections.js';
import { RedisTokenStorage, type TokenCipher } from '../../src/node/index.js';
import { skipRedis, useRedisServer } from '../limiter/support/redis-server.js';
import { closedPortUrl } from '../support/closed-port.js';
import type { FakeMiroOAuth } from './support/fake-miro-oauth.js';
import { authorise, miroFor, startServer } from './support/oauth-setup.js';

const STATE: MiroTokenState = {
  accessToken: 'sim-at-Access0123456789abcdef',
  refreshToken: 'sim-rt-Refresh0123456789abcdef',
  expiresAt: 1_800_000_000_000,
  userId: 'miro-user-1',
  teamId: 'team-1',
  scope: 'boards:read',
  tokenType: 'bearer',
};
const SECRETS = [STATE.accessToken, STATE.refreshToken];

/** Every view of an error a log could print. */
const views = (error: unknown) =>
  [String(error), (error as Error).stack ?? '', inspect(error, { showHidden: true, depth: 5 }), JSON.stringify(error)].join('\n');

describe.skipIf(skipRedis)('RedisTokenStorage against redis-server', () => {
  const redis = useRedisServer();
  let server: FakeMiroOAuth;
  let n = 0;
  const storageFor = (extra: Partial<ConstructorParameters<typeof RedisTokenStorage>[0]> = {}) =>
    new RedisTokenStorage({ redis: redis.admin, keyPrefix: `t${++n}:`, ...extra });
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('stores each user as one hash of the state and a digest of its refresh token, and deletes it', async () => {
    const storage = storageFor();
    expect(await storage.get('alice')).toBeUndefined();
    await storage.set('alice', { ...STATE, extra: 'dropped' } as MiroTokenState);
    expect(await storage.get('alice')).toEqual(STATE);
    const entry = await redis.admin.hgetall(`t${n}:state:alice`);
    expect(Object.keys(entry).sort()).toEqual(['fence', 'state']);
    expect(entry.fence).not.toContain(STATE.refreshToken);
    await storage.set('alice', undefined);
    expect(await redis.admin.exists(`t${n}:state:alice`)).toBe(0);
    expect(await storage.get('alice')).toBeUndefined();
  });

  it('refuses hostile or corrupt stored values with a reason naming the user, never the value', async () => {
    const storage = storageFor();
    const miro = miroFor(server, { storage });
    const key = (user: string) => `t${n}:state:${user}`;
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      ['not-json', () => redis.admin.hset(key('not-json'), 'state', `{"accessToken": ${STATE.accessToken}`), /the stored state is not JSON$/],
      ['array', () => redis.admin.hset(key('array'), 'state', JSON.stringify([STATE.accessToken])), /not a JSON object$/],
      ['no-state', () => redis.admin.hset(key('no-state'), 'fence', STATE.refreshToken!), /the stored entry has no state field$/],
      ['no-token', () => redis.admin.hset(key('no-token'), 'state', JSON.stringify({ refreshToken: STATE.refreshToken })), /accessToken is missing$/],
      ['bad-expiry', () => redis.admin.hset(key('bad-expiry'), 'state', JSON.stringify({ ...STATE, expiresAt: 'soon' })), /expiresAt is not a number$/],
      ['huge', () => redis.admin.hset(key('huge'), 'state', JSON.stringify({ ...STATE, scope: 'x'.repeat(100_000) })), /more than any token state$/],
      ['wrong-type', () => redis.admin.set(key('wrong-type'), JSON.stringify(STATE)), /Redis read failed: WRONGTYPE/],
    ];
    for (const [user, plant, reason] of cases) {
      await plant();
      const error = await firstValueFrom(miro.as(user).getSpecificBoard('b')).catch((e: unknown) => e);
      expect(error, user).toMatchObject({ name: 'MiroStorageError', action: 'get', userId: user });
      expect((error as Error).message, user).toMatch(new RegExp(`^could not read the tokens of user ${user} from storage: `));
      expect((error as Error).message, user).toMatch(reason);
      for (const secret of SECRETS) expect(views(error), user).not.toContain(secret);
    }
  });

  it('seals the state with a cipher: Redis never sees the tokens, and a state the cipher cannot open is refused', async () => {
    // AES-256-GCM, as an app would seal tokens with a key of its own.
    const key = randomBytes(32);
    const cipher: TokenCipher = {
      seal: (text) => {
        const iv = randomBytes(12);
        const aes = createCipheriv('aes-256-gcm', key, iv);
        const body = Buffer.concat([aes.update(text, 'utf8'), aes.final()]);
        return `v1.${Buffer.concat([iv, aes.getAuthTag(), body]).toString('base64')}`;
      },
      open: (sealed) => {
        if (!sealed.startsWith('v1.')) throw new TypeError(`unknown format ${sealed.slice(0, 12)}`);
        const raw = Buffer.from(sealed.slice(3), 'base64');
        const aes = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        aes.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([aes.update(raw.subarray(28)), aes.final()]).toString('utf8');
      },
    };
    const storage = storageFor({ cipher });
    await storage.set('sealed', STATE);
    expect(await storage.get('sealed')).toEqual(STATE);
    const stored = JSON.stringify(await redis.admin.hgetall(`t${n}:state:sealed`));
    for (const secret of SECRETS) expect(stored).not.toContain(secret);
    await redis.admin.hset(`t${n}:state:sealed`, 'state', JSON.stringify(STATE));
    const error = await storage.get('sealed').catch((e: unknown) => e);
    expect((error as Error).message).toBe('cipher.open could not read the stored state (TypeError)');
  });

  it('writes a refresh only over the refresh token it redeemed (the fence), lock expired or not', async () => {
    const storage = storageFor();
    await storage.set('fenced', STATE);
    const signal = new AbortController().signal;
    const lock = await storage.lockRefresh('fenced', { waitMs: 1_000, signal });
    const next = { ...STATE, accessToken: 'sim-at-next-000000000000', refreshToken: 'sim-rt-next-0000000000000' };
    // A new login stored another state meanwhile: the refresh of the old one must not overwrite it.
    const login = { ...STATE, accessToken: 'sim-at-login-00000000000', refreshToken: 'sim-rt-login-000000000000' };
    await storage.set('fenced', login);
    expect(await lock.replace(STATE, next)).toBe(false);
    expect(await storage.get('fenced')).toEqual(login);
    expect(await lock.replace(login, next)).toBe(true);
    expect(await storage.get('fenced')).toEqual(next);
    // A deleted user is not brought back by a refresh that was under way.
    await storage.set('fenced', undefined);
    expect(await lock.replace(next, { ...next, accessToken: 'sim-at-late-0000000000000' })).toBe(false);
    expect(await storage.get('fenced')).toBeUndefined();
    await lock.release();
    expect(await redis.admin.exists(`t${n}:lock:fenced`)).toBe(0);
  });

  it('with the options rateLimit.redis uses, shares the limiter’s connection, and close gives it back', async () => {
    const options = { port: redis.port, host: '127.0.0.1' };
    const storage = new RedisTokenStorage({ redis: { ...options }, keyPrefix: `t${++n}:` });
    const api = new MiroApi('shared-connection-token', { baseUrl: server.url, rateLimit: { redis: { ...options } }, retry: false });
    await firstValueFrom(api.getSpecificBoard('b')).catch(() => undefined);
    await storage.set('shared', STATE);
    expect(await storage.get('shared')).toEqual(STATE);
    expect(openRedisConnections()).toBe(1);
    await closeSharedCreditLimiters();
    expect(openRedisConnections()).toBe(1);
    await storage.close();
    expect(openRedisConnections()).toBe(0);
  });

  it('a lock holder that died mid-refresh blocks the user for at most lockTtlMs: the next call takes over and refreshes once', async () => {
    const storage = storageFor({ lockTtlMs: 300 });
    const miro = miroFor(server, { storage });
    await authorise(miro, server, 'orphan');
    // What a process killed while refreshing leaves: its lock, never renewed, never released.
    await redis.admin.set(`t${n}:lock:orphan`, 'killed-process', 'PX', 300);
    server.expireAccessTokens();
    const refreshes = server.tokenRequests('refresh_token').length;
    const started = Date.now();
    await firstValueFrom(miro.as('orphan').getSpecificBoard('b'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(server.tokenRequests('refresh_token').length - refreshes).toBe(1);
    expect(await redis.admin.exists(`t${n}:lock:orphan`)).toBe(0);
  });

  it('a lock held longer than storageTimeoutMs fails the call with a MiroStorageError naming the user and no token', async () => {
    const storage = storageFor();
    const miro = miroFor(server, { storage, storageTimeoutMs: 400 });
    const accessToken = await authorise(miro, server, 'stuck');
    await redis.admin.set(`t${n}:lock:stuck`, 'slow-process', 'PX', 10_000);
    server.expireAccessTokens();
    const refreshes = server.tokenRequests('refresh_token').length;
    const error = await firstValueFrom(miro.as('stuck').getSpecificBoard('b')).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MiroStorageError', action: 'lock', userId: 'stuck' });
    expect((error as Error).message).toBe(
      'could not take the refresh lock of user stuck (no refresh was sent): the lock was not free within 400 ms: another process held it',
    );
    expect(views(error)).not.toContain(accessToken);
    expect(server.tokenRequests('refresh_token').length).toBe(refreshes);
  });
});

describe('RedisTokenStorage with Redis unreachable', () => {
  it('fails each call with a MiroStorageError within storageTimeoutMs', async () => {
    const server = await startServer();
    const storage = new RedisTokenStorage({ redis: { port: Number(new URL(await closedPortUrl()).port), host: '127.0.0.1' } });
    try {
      const miro = miroFor(server, { storage, storageTimeoutMs: 300 });
      const started = Date.now();
      const error = await firstValueFrom(miro.as('nobody').getSpecificBoard('b')).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'MiroStorageError', action: 'get', userId: 'nobody', timeoutMs: 300 });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await storage.close();
      await server.close();
    }
  });

  it('refuses options it cannot use, naming them', () => {
    expect(() => new RedisTokenStorage({ redis: null as never })).toThrow('RedisTokenStorage: redis must be an ioredis client or ioredis options');
    expect(() => new RedisTokenStorage({ redis: {}, lockTtlMs: 0 })).toThrow(/lockTtlMs must be a number of milliseconds from 3 to 2147483647, got 0/);
    expect(() => new RedisTokenStorage({ redis: {}, cipher: {} as never })).toThrow('RedisTokenStorage: cipher must have seal(text) and open(sealed) methods');
    expect(() => new RedisTokenStorage({ redis: {}, keyPrefix: 5 as never })).toThrow('RedisTokenStorage: keyPrefix must be a string');
  });
});
