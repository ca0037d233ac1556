import axios, { type AxiosInstance } from 'axios';
import { miroAxiosInstance } from './axios-transport.js';
import { nodeHttpAdapter, nodeHttpModules, type NodeHttpModules } from './node-http-adapter.js';

/**
 * miro-rx's axios instance with axios imported (`nodeHttpAxios()`, tests): in Node it sends
 * through the lean adapter on keep-alive agents, which hands proxies and multipart to axios's
 * own adapter; elsewhere axios's own adapter sends.
 */
export function createMiroAxios(modules: NodeHttpModules | undefined = nodeHttpModules()): AxiosInstance {
  return miroAxiosInstance(axios, modules ? nodeHttpAdapter(modules, axios.getAdapter(axios.defaults.adapter)) : undefined);
}
