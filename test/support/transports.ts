import type { MiroApiOptions } from '../../src/index.js';
import { createMiroAxios } from '../../src/transport/miro-axios.js';

/** How a test client sends: options given to `MiroApi` (and to `Miro`'s `api`). */
export type TransportUnderTest = Pick<MiroApiOptions, 'axios'>;

/**
 * Every axios adapter miro-rx sends with in a test process: axios's Node http adapter (the
 * default in Node) and its fetch adapter (browsers, workers, Deno; Node's own fetch here), each
 * on an instance built like miro-rx's own.
 */
export const TRANSPORTS: ReadonlyArray<readonly [string, () => TransportUnderTest]> = [
  ['axios http adapter', () => ({ axios: withAdapter('http') })],
  ['axios fetch adapter', () => ({ axios: withAdapter('fetch') })],
];

function withAdapter(adapter: 'http' | 'fetch'): NonNullable<MiroApiOptions['axios']> {
  const client = createMiroAxios();
  client.defaults.adapter = adapter;
  return client;
}
