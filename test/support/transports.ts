import type { MiroApiOptions } from '../../src/index.js';
import { createMiroAxios } from '../../src/transport/miro-axios.js';

/** How a test client sends: options given to `MiroApi` (and to `Miro`'s `api`). */
export type TransportUnderTest = Pick<MiroApiOptions, 'axios' | 'transport'>;

/**
 * Every way miro-rx can send in a test process: its Node transport (the default in Node), its
 * fetch transport (the default in browsers, workers and Deno; Node's own fetch here), and a
 * caller's axios instance with axios's Node adapter (proxies, custom agents) or its fetch
 * adapter. The axios instances are built like miro-rx's own: no redirects, no default transforms.
 */
export const TRANSPORTS: ReadonlyArray<readonly [string, () => TransportUnderTest]> = [
  ['node transport', () => ({ transport: 'node' })],
  ['fetch transport', () => ({ transport: 'fetch' })],
  ['axios http adapter', () => ({ axios: withAdapter('http') })],
  ['axios fetch adapter', () => ({ axios: withAdapter('fetch') })],
];

function withAdapter(adapter: 'http' | 'fetch'): NonNullable<MiroApiOptions['axios']> {
  const client = createMiroAxios(undefined);
  client.defaults.adapter = adapter;
  return client;
}
