import { describe, expect, it, vi } from 'vitest';
import Bottleneck from 'bottleneck';
import { shareChannels } from '../../src/limiter/redis/redis-channels.js';
import { skipRedis, useRedisServer } from './support/redis-server.js';

interface Subscriber {
  status: string;
  once(event: string, listener: () => void): unknown;
  on(event: string, listener: (error: Error) => void): unknown;
}

/** The parts of a Bottleneck limiter that the channel sharing reads. */
function limiterOn(channel: string) {
  const messages: string[] = [];
  return {
    messages,
    channel: () => channel,
    channel_client: () => `${channel}_client`,
    _store: { onMessage: (_: string, message: string) => messages.push(message) },
  };
}

// ioredis 5.8.2+ writes a SUBSCRIBE at once while its connection is between TCP connect and ready
// (SUBSCRIBE is allowed while Redis loads); when its reply comes before the ready check's INFO,
// that INFO fails with "Connection in subscriber mode" (upstream ioredis #2037): the handshake
// fails, pending subscribes fail with it, and the reconnect forgets the channel.
describe.skipIf(skipRedis)('budget channels on the shared subscriber', () => {
  const redis = useRedisServer();

  it('a budget subscribing while the subscriber is still in its handshake is subscribed, and the handshake succeeds', async () => {
    const connection = new Bottleneck.IORedisConnection({ clientOptions: { port: redis.port, host: '127.0.0.1', maxRetriesPerRequest: 1 } });
    shareChannels(connection);
    connection.on('error', () => undefined);
    const internals = connection as unknown as { subscriber: Subscriber; __addLimiter__(limiter: object): Promise<unknown> };
    const errors: string[] = [];
    internals.subscriber.on('error', (error) => errors.push(error.message));
    const limiter = limiterOn('b_handshake');
    // The first moment of the handshake window: connected, not yet ready.
    const subscribed = await new Promise((resolve) =>
      internals.subscriber.once('connect', () => {
        expect(internals.subscriber.status).toBe('connect');
        internals.__addLimiter__(limiter).then(
          () => resolve('subscribed'),
          (error: Error) => resolve(error.message),
        );
      }),
    );
    expect(subscribed).toBe('subscribed');
    await vi.waitFor(
      async () => {
        await redis.admin.publish('b_handshake', 'message:hello');
        expect(limiter.messages).toContain('message:hello');
      },
      { timeout: 5_000, interval: 50 },
    );
    expect(errors).toEqual([]);
    await connection.disconnect(false);
  });
});
