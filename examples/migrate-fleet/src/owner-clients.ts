import fs from 'node:fs';
import type { Redis } from 'ioredis';
import { MiroApi, type MiroApiOptions } from '../../../src/index.js';
import type { Miro } from '../../../src/oauth/index.js';

/**
 * Where the fleet gets a client acting as a board's owner: each owner's credits are Miro's
 * budget, so every client of one user (in every worker process) shares one limiter through Redis.
 * Two sources ship: a JSON file of tokens ({@link fileOwnerClients}), and the OAuth storage of a
 * `Miro` instance ({@link oauthOwnerClients}), e.g. a Redis-backed `Storage` shared by machines.
 */
export interface OwnerClients {
  /** The users whose boards may be copied, for listing a team's boards by owner. */
  users(): string[];
  /** A client acting as `userId`; throws naming the user when there is no token for them. */
  clientOf(userId: string): MiroApi;
}

/** What every owner's client is made with: where Miro is, and the Redis its budgets are shared on. */
export interface FleetApiOptions {
  baseUrl?: string;
  redis: Redis;
  /** The credit window until Miro's headers tell it (scaled down on the simulator). */
  windowMs?: number;
}

/** Windows a call may wait for its user's credits: boards of one user share them, so waits run long. */
const MAX_WAIT_WINDOWS = 30;

/**
 * The limiter options of a user's clients: one budget per user, shared through Redis. A call
 * may wait many windows for credits (the default, two, is for interactive use): a worker whose
 * user's budget is shared by several boards waits its turn instead of failing the copy.
 */
export function ownerRateLimit(userId: string, options: FleetApiOptions): NonNullable<MiroApiOptions['rateLimit']> {
  const windowMs = options.windowMs ?? 60_000;
  return { key: `user:${userId}`, redis: options.redis, maxWaitMs: MAX_WAIT_WINDOWS * windowMs, ...(options.windowMs ? { windowMs } : {}) };
}

/**
 * Tokens from a JSON file mapping user ids to access tokens (`{"user-1": "eyJ..."}`). The file
 * is read once; a token it holds is used as it is (refreshing is the OAuth source's job).
 */
export function fileOwnerClients(path: string, options: FleetApiOptions): OwnerClients {
  let tokens: Record<string, unknown>;
  try {
    tokens = JSON.parse(fs.readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`cannot read the tokens file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (typeof tokens !== 'object' || tokens === null || Array.isArray(tokens)) throw new Error(`tokens file ${path}: expected an object of user id to token`);
  for (const [user, token] of Object.entries(tokens)) {
    if (typeof token !== 'string' || token.trim() === '') throw new Error(`tokens file ${path}: the token of ${user} must be a non-empty string`);
  }
  const clients = new Map<string, MiroApi>();
  return {
    users: () => Object.keys(tokens),
    clientOf(userId) {
      const token = tokens[userId];
      if (typeof token !== 'string') throw new Error(`no token for user ${userId} in ${path}`);
      let client = clients.get(userId);
      if (!client) {
        client = new MiroApi(token, { ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}), rateLimit: ownerRateLimit(userId, options) });
        clients.set(userId, client);
      }
      return client;
    },
  };
}

/**
 * Clients from a `Miro` instance's OAuth storage: `miro.as(user)` reads (and refreshes) the
 * user's token for each request. Build `miro` with `api: { rateLimit: { redis, maxWaitMs } }`
 * (see {@link ownerRateLimit}) so that its clients share each user's budget across processes as
 * the file source's do.
 */
export function oauthOwnerClients(miro: Miro, users: readonly string[]): OwnerClients {
  return { users: () => [...users], clientOf: (userId) => miro.as(userId) };
}
