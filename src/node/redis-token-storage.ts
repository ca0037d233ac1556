import type { RedisConnectionOption } from '../limiter/rate-limit-options.js';
import { acquireRedisConnection, type ConnectionHandle, isRedisClient, releaseRedisConnection } from '../limiter/redis/redis-connections.js';
import type { RefreshLock, RefreshLockRequest } from '../oauth/refresh-lock.js';
import type { Storage } from '../oauth/storage.js';
import type { MiroTokenState } from '../oauth/token-state.js';
import { type LockClient, RedisLock } from './redis-refresh-lock.js';
import { openState, refreshFence, sealState, type TokenCipher } from './stored-token-state.js';

/** Options of `new RedisTokenStorage(options)`. */
export interface RedisTokenStorageOptions {
  /**
   * An ioredis client (used as it is, and left open by `close`), or ioredis options: then the
   * connection is the one `rateLimit.redis` with equal options uses in this process.
   */
  redis: RedisConnectionOption;
  /** Prefix of every key. Default `miro-rx:oauth:`. Give each app (client id) its own. */
  keyPrefix?: string;
  /**
   * How long a refresh lock outlives its holder, in milliseconds: a process that dies while
   * refreshing blocks the user's refreshes for at most this long. Renewed while the refresh
   * runs. Default 5,000.
   */
  lockTtlMs?: number;
  /** Encrypts each state before it reaches Redis (and decrypts it back). Default: stored as JSON. */
  cipher?: TokenCipher;
}

/** The commands of an ioredis client the storage uses. */
interface TokenClient extends LockClient {
  hgetall(key: string): Promise<Record<string, string>>;
  hset(key: string, ...fieldsAndValues: string[]): Promise<number>;
  del(key: string): Promise<number>;
}

// The write of a refresh: only over the state whose refresh token was redeemed (its fence).
const REPLACE = `if redis.call('HGET', KEYS[1], 'fence') == ARGV[1] then
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'fence', ARGV[3]) return 1 end
return 0`;

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A `Storage` for `Miro` in Redis, shared by every process and machine that uses the same
 * Redis: each user's state is one hash (`<prefix>state:<userId>`, fields `state` and `fence`).
 * Its refreshes are single-flight across processes: a short lock per user
 * (`<prefix>lock:<userId>`) lets one process redeem the refresh token while the others wait and
 * then read its result, and the write is a compare-and-swap on the redeemed refresh token.
 * The state holds the user's tokens: protect Redis (password, TLS, no public port) or pass a `cipher`.
 *
 * @example
 * ```ts
 * import { RedisTokenStorage } from 'miro-rx/node';
 * const redis = { host: 'redis.internal', port: 6379 };
 * const storage = new RedisTokenStorage({ redis });
 * const miro = new Miro({ storage, api: { rateLimit: { redis } } }); // one connection for both
 * ```
 */
export class RedisTokenStorage implements Storage {
  readonly #client: TokenClient;
  readonly #prefix: string;
  readonly #lockTtlMs: number;
  readonly #cipher: TokenCipher | undefined;
  /** The options whose shared connection this storage holds a reference on, until `close`. */
  #sharedOptions: RedisConnectionOption | undefined;

  constructor(options: RedisTokenStorageOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('RedisTokenStorage: options must be an object');
    const { redis, keyPrefix = 'miro-rx:oauth:', lockTtlMs = 5_000, cipher } = options;
    if (redis === null || typeof redis !== 'object') throw new TypeError('RedisTokenStorage: redis must be an ioredis client or ioredis options');
    if (typeof keyPrefix !== 'string') throw new TypeError('RedisTokenStorage: keyPrefix must be a string');
    if (typeof lockTtlMs !== 'number' || !Number.isFinite(lockTtlMs) || lockTtlMs < 3 || lockTtlMs > MAX_TIMER_MS) {
      throw new TypeError(`RedisTokenStorage: lockTtlMs must be a number of milliseconds from 3 to ${MAX_TIMER_MS}, got ${String(lockTtlMs)}`);
    }
    if (cipher !== undefined && (typeof cipher?.seal !== 'function' || typeof cipher?.open !== 'function')) {
      throw new TypeError('RedisTokenStorage: cipher must have seal(text) and open(sealed) methods');
    }
    this.#prefix = keyPrefix;
    this.#lockTtlMs = Math.round(lockTtlMs);
    this.#cipher = cipher;
    if (isRedisClient(redis)) {
      this.#client = redis as unknown as TokenClient;
    } else {
      const connection = acquireRedisConnection(redis) as unknown as ConnectionHandle;
      this.#client = connection.client as unknown as TokenClient;
      this.#sharedOptions = redis;
    }
  }

  async get(userId: string): Promise<MiroTokenState | undefined> {
    const entry = await redisCall('read', this.#client.hgetall(this.#stateKey(userId)));
    if (Object.keys(entry).length === 0) return undefined;
    return openState(entry.state, this.#cipher);
  }

  async set(userId: string, state: MiroTokenState | undefined): Promise<void> {
    const key = this.#stateKey(userId);
    if (state === undefined) {
      await redisCall('delete', this.#client.del(key));
      return;
    }
    const sealed = await sealState(state, this.#cipher);
    // One command: both fields change together or not at all.
    await redisCall('write', this.#client.hset(key, 'state', sealed, 'fence', refreshFence(state)));
  }

  /** Takes the user's refresh lock (see `Storage.lockRefresh`); `Miro` calls it, not apps. */
  async lockRefresh(userId: string, request: RefreshLockRequest): Promise<RefreshLock> {
    const lock = await RedisLock.acquire(this.#client, `${this.#prefix}lock:${userId}`, {
      ttlMs: this.#lockTtlMs,
      waitMs: request.waitMs,
      signal: request.signal,
    });
    return {
      replace: async (previous, next) => {
        const sealed = await sealState(next, this.#cipher);
        const key = this.#stateKey(userId);
        return (await redisCall('write', this.#client.eval(REPLACE, 1, key, refreshFence(previous), sealed, refreshFence(next)))) === 1;
      },
      release: () => redisCall('unlock', lock.release()),
    };
  }

  /** Gives back the shared connection (closed when nothing else uses it); a client passed in stays open. */
  async close(): Promise<void> {
    const options = this.#sharedOptions;
    this.#sharedOptions = undefined;
    if (options) await releaseRedisConnection(options);
  }

  #stateKey(userId: string): string {
    return `${this.#prefix}state:${userId}`;
  }
}

/**
 * Redis's own message only: ioredis attaches the command and its arguments (the sealed state)
 * to its errors, and those must not travel on.
 */
async function redisCall<T>(action: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Redis ${action} failed: ${message.slice(0, 300)}`);
  }
}
