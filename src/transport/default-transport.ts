import type { AxiosInstance } from 'axios';
import { axiosTransport } from './axios-transport.js';
import { fetchTransport } from './fetch-transport.js';
import { lazyAxiosTransport } from './lazy-axios-transport.js';
import { nodeHttpModules } from './node-http-exchange.js';
import { nodeTransport } from './node-transport.js';
import type { Transport, TransportChoice, TransportOptions } from './transport.js';

/** What a client says about how it sends: its own axios instance, or one of miro-rx's transports. */
export interface TransportSetting {
  readonly axios?: AxiosInstance;
  readonly transport?: TransportChoice;
}

/**
 * The one place a client's transport is chosen, for API calls and token calls alike: the
 * caller's axios instance; else Node's `http` where its built-ins are found (a proxy in the
 * environment goes to axios, loaded then); else `fetch`; else axios, loaded on first use.
 */
export function defaultTransport(setting: TransportSetting, options: TransportOptions): Transport {
  if (setting.axios) return axiosTransport(setting.axios, options);
  const modules = setting.transport === 'fetch' ? undefined : nodeHttpModules();
  if (modules) return nodeTransport(modules, options);
  if (typeof globalThis.fetch === 'function') return fetchTransport(options);
  return lazyAxiosTransport(options);
}
