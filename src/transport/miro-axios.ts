import axios, { type AxiosInstance } from 'axios';
import { nodeHttpAdapter, nodeHttpModules, type NodeHttpModules } from './node-http-adapter.js';

/**
 * The axios instance miro-rx sends with when axios is needed (`nodeHttpAxios()`, proxies named
 * in the environment). Loaded only then: axios costs ~110 ms of CPU to import and ~22 KB
 * gzipped in a browser bundle. No redirects: Miro's API never redirects, and skipping the
 * redirect wrapper doubles loopback throughput in Node. In Node the lean adapter sends on
 * keep-alive agents and hands proxies and multipart to axios's own adapter; elsewhere axios's
 * own adapter sends.
 *
 * axios merges its default headers and runs its request transforms on every call; miro-rx sets
 * every header itself and sends bodies already serialised (JSON text or FormData, which axios's
 * transform passes through unchanged), so this instance carries neither.
 */
export function createMiroAxios(modules: NodeHttpModules | undefined = nodeHttpModules()): AxiosInstance {
  const adapter = modules ? nodeHttpAdapter(modules, axios.getAdapter(axios.defaults.adapter)) : undefined;
  const client = axios.create({ maxRedirects: 0, transformRequest: [], ...(adapter ? { adapter } : {}) });
  client.defaults.headers = {} as AxiosInstance['defaults']['headers'];
  return client;
}
