import type { AxiosInstance } from 'axios';
import { createMiroAxios } from '../../src/transport/axios-transport.js';

/**
 * Every way miro-rx can send in a test process: the lean Node adapter (the default in Node),
 * axios's own Node adapter (proxies, multipart, custom agents) and axios's fetch adapter (the
 * browser path's nearest relative in Node; XMLHttpRequest does not exist here). Each built
 * like miro-rx's own instance: no redirects, no default transforms.
 */
export const TRANSPORTS: ReadonlyArray<readonly [string, () => AxiosInstance]> = [
  ['lean Node adapter', () => createMiroAxios()],
  ['axios http adapter', () => withAdapter('http')],
  ['axios fetch adapter', () => withAdapter('fetch')],
];

function withAdapter(adapter: 'http' | 'fetch'): AxiosInstance {
  const client = createMiroAxios(undefined);
  client.defaults.adapter = adapter;
  return client;
}
