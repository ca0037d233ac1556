import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { afterHandshake } from '../../src/limiter/redis/redis-handshake.js';

/** An ioredis-like client: a status, and the events it emits on entering one. */
function client(status: string) {
  const emitter = new EventEmitter() as EventEmitter & { status: string };
  emitter.status = status;
  return emitter;
}

describe('waiting for a Redis subscriber to end its handshake', () => {
  it('does not wait outside the handshake', async () => {
    const ready = client('ready');
    await afterHandshake(ready);
    expect(ready.listenerCount('ready')).toBe(0);
  });

  it('many waiters share one set of listeners, resolve in call order once the handshake ends, and leave none behind', async () => {
    const connecting = client('connect');
    const order: number[] = [];
    // A Redis restart under ten thousand budgets: every channel waits on the same handshake.
    const waits = Array.from({ length: 10_000 }, (_, i) => afterHandshake(connecting).then(() => order.push(i)));
    expect(['ready', 'close', 'end'].map((event) => connecting.listenerCount(event))).toEqual([1, 1, 1]);
    await Promise.resolve();
    expect(order).toEqual([]);
    connecting.status = 'ready';
    connecting.emit('ready');
    await Promise.all(waits);
    expect(order).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    expect(['ready', 'close', 'end'].map((event) => connecting.listenerCount(event))).toEqual([0, 0, 0]);
  });

  it('a handshake that ends in a close releases the waiters too, and the next handshake is waited for afresh', async () => {
    const connecting = client('connect');
    const first = afterHandshake(connecting);
    connecting.status = 'close';
    connecting.emit('close');
    await first;
    connecting.status = 'connect';
    let second = false;
    void afterHandshake(connecting).then(() => (second = true));
    await Promise.resolve();
    expect(second).toBe(false);
    connecting.emit('ready');
    await Promise.resolve();
    expect(second).toBe(true);
  });
});
