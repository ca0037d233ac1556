/**
 * Subscriptions of the budgets on one shared Bottleneck connection. Bottleneck maps each Redis
 * channel to one limiter and, when a limiter leaves, unsubscribes and drops the mapping from an
 * async callback whose promise nobody holds. Two faults follow on a connection that budgets share
 * for months: an unsubscribe that fails (Redis down) is an unhandled rejection, which ends a Node
 * process under the default `--unhandled-rejections=throw`; and a budget released while its
 * handshake was still pending (Redis down) unsubscribes after the budget made again for the same
 * user subscribed, so that one never hears of capacity again. Here each channel is subscribed
 * once while any limiter of this process listens on it, messages reach every such limiter, and a
 * failed (un)subscribe is left to the reconnect (ioredis resubscribes what it knows).
 */
import { afterHandshake } from './redis-handshake.js';

interface ChannelLimiter {
  channel(): string;
  channel_client(): string;
  _store: { onMessage(channel: string, message: string): unknown };
}

interface ChannelConnection {
  subscriber: Parameters<typeof afterHandshake>[0] & { subscribe(channel: string): Promise<unknown>; unsubscribe(channel: string): Promise<unknown> };
  limiters: Record<string, { _store: ChannelLimiter['_store'] }>;
  __addLimiter__(instance: ChannelLimiter): Promise<unknown>;
  __removeLimiter__(instance: ChannelLimiter): void;
}

export function shareChannels(connection: object): void {
  const target = connection as ChannelConnection;
  const listeners = new Map<string, Set<ChannelLimiter>>();
  const channelsOf = (instance: ChannelLimiter) => [instance.channel(), instance.channel_client()];
  // Never while the subscriber is in its handshake (redis-handshake.ts); both wait alike, so their order holds.
  const subscribe = (channel: string) => afterHandshake(target.subscriber).then(() => target.subscriber.subscribe(channel));
  const unsubscribe = (channel: string) => afterHandshake(target.subscriber).then(() => target.subscriber.unsubscribe(channel));
  // What Bottleneck's message handler finds for a channel: every limiter listening on it here.
  const fanOut = (channel: string) => ({
    _store: { onMessage: (from: string, message: string) => listeners.get(channel)?.forEach((limiter) => limiter._store.onMessage(from, message)) },
  });

  target.__addLimiter__ = (instance) =>
    Promise.all(
      channelsOf(instance).map(async (channel) => {
        let here = listeners.get(channel);
        if (!here) listeners.set(channel, (here = new Set()));
        here.add(instance);
        target.limiters[channel] ??= fanOut(channel);
        if (here.size > 1) return;
        await subscribe(channel).catch((error: unknown) => {
          here.delete(instance); // not subscribed: the next limiter on this channel tries again
          throw error;
        });
      }),
    );

  target.__removeLimiter__ = (instance) => {
    for (const channel of channelsOf(instance)) {
      const here = listeners.get(channel);
      if (!here?.delete(instance) || here.size > 0) continue;
      listeners.delete(channel);
      delete target.limiters[channel];
      unsubscribe(channel).catch(() => undefined);
    }
  };
}
