import Bottleneck from 'bottleneck';
import type { RedisConnectionOption } from '../rate-limit-options.js';
import { stripRedis7ErrorPrefix } from './redis-error-prefix.js';
import { shareChannels } from './redis-channels.js';

/** The parts of Bottleneck's IORedisConnection the Redis store uses. */
export interface RedisClient {
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>;
  hincrby(key: string, field: string, increment: number): Promise<number>;
  hset(key: string, field: string, value: number): Promise<number>;
  on(event: string, listener: () => void): unknown;
  disconnect(): void;
  quit(): Promise<unknown>;
  readonly status: string;
}

export interface ConnectionHandle {
  client: RedisClient;
  subscriber: RedisClient;
  disconnect: (flush?: boolean) => Promise<unknown>;
}

interface SharedConnection {
  connection: Bottleneck.IORedisConnection;
  users: number;
  owned: boolean;
}

/**
 * One Bottleneck IORedisConnection (one command client plus one subscriber) per process for
 * every budget that names the same Redis, instead of two sockets and a heartbeat per budget.
 * A user's ioredis client is keyed by identity and used as is (Bottleneck duplicates it once,
 * for the subscriber); options are keyed by their JSON, so a fresh literal per client shares too.
 */
const byClient = new Map<object, SharedConnection>();
const byOptions = new Map<string, SharedConnection>();

export function isRedisClient(redis: RedisConnectionOption): boolean {
  return typeof (redis as { duplicate?: unknown }).duplicate === 'function';
}

/** Takes a reference on the process's connection to this Redis; give it back with `releaseRedisConnection`. */
export function acquireRedisConnection(redis: RedisConnectionOption): Bottleneck.IORedisConnection {
  const owned = !isRedisClient(redis);
  const optionsKey = owned ? JSON.stringify(redis) : '';
  let shared = owned ? byOptions.get(optionsKey) : byClient.get(redis);
  if (!shared) {
    const connection = new Bottleneck.IORedisConnection(owned ? { clientOptions: redis } : { client: redis });
    stripRedis7ErrorPrefix(connection);
    shareChannels(connection);
    // An error event with no listener would throw; each request sees its own failure instead.
    connection.on('error', () => undefined);
    shared = { connection, users: 0, owned };
    if (owned) byOptions.set(optionsKey, shared);
    else byClient.set(redis, shared);
  }
  shared.users += 1;
  return shared.connection;
}

/** Gives a reference back; the last one closes the sockets this process opened. */
export async function releaseRedisConnection(redis: RedisConnectionOption): Promise<void> {
  const owned = !isRedisClient(redis);
  const optionsKey = owned ? JSON.stringify(redis) : '';
  const shared = owned ? byOptions.get(optionsKey) : byClient.get(redis);
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  if (owned) byOptions.delete(optionsKey);
  else byClient.delete(redis);
  const { client, subscriber } = shared.connection as unknown as ConnectionHandle;
  // The user's own client is theirs to close; only the subscriber Bottleneck duplicated from it is ours.
  await Promise.all((shared.owned ? [client, subscriber] : [subscriber]).map(close));
}

/**
 * QUIT after the replies still owed when the socket is up (dropping it would reject every command
 * in flight inside Bottleneck, where nothing handles it). Down or still connecting, QUIT would
 * wait in ioredis's offline queue for a Redis that may never come back: drop it at once.
 */
async function close(client: RedisClient): Promise<void> {
  if (client.status !== 'ready') return client.disconnect();
  await client.quit().catch(() => client.disconnect());
}

/** How many shared connections are open (tests, benchmark). */
export function openRedisConnections(): number {
  return byClient.size + byOptions.size;
}
