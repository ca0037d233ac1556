/**
 * ioredis 5.8.2 to 5.x writes a SUBSCRIBE at once while a connection is between TCP connect and
 * ready (its status `connect`: Redis allows SUBSCRIBE while loading). When the reply comes before
 * the ready check's INFO is sent, the connection is in subscriber mode and the INFO fails ("Connection
 * in subscriber mode, only subscriber commands may be used", upstream ioredis #2037): the handshake
 * fails, the (un)subscribes pending on it fail with that message, and the reconnect forgets the
 * channel. Outside that window ioredis is safe: down, it queues the command until ready.
 */
interface HandshakingClient {
  readonly status: string;
  once(event: string, listener: () => void): unknown;
  removeListener(event: string, listener: () => void): unknown;
}

// One wait per client and handshake: a restart with thousands of budgets subscribing would
// otherwise add three listeners per channel (and Node's MaxListenersExceededWarning).
const handshakes = new WeakMap<HandshakingClient, Promise<void>>();

/** Resolves once `client` is out of its handshake (ready, or closed and queueing again); waiters resolve in call order. */
export function afterHandshake(client: HandshakingClient): Promise<void> {
  if (client.status !== 'connect') return Promise.resolve();
  let waiting = handshakes.get(client);
  if (!waiting) {
    waiting = new Promise((resolve) => {
      const done = () => {
        for (const event of ENDS) client.removeListener(event, done);
        handshakes.delete(client);
        resolve();
      };
      for (const event of ENDS) client.once(event, done);
    });
    handshakes.set(client, waiting);
  }
  return waiting;
}

// ioredis emits each status it enters; a handshake ends in one of these.
const ENDS = ['ready', 'close', 'end'];
