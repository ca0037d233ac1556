import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { AxiosInstance } from 'axios';
import { createMiroAxios } from '../transport/miro-axios.js';

/**
 * An axios instance that sends through miro-rx's lean Node adapter, with Node's modules imported
 * rather than found at run time: for Node 20 releases before 20.16, which lack
 * `process.getBuiltinModule` (miro-rx then sends with `fetch`), or to add axios interceptors
 * while keeping the lean path. `new MiroApi(token, { axios: nodeHttpAxios() })`.
 */
export function nodeHttpAxios(): AxiosInstance {
  return createMiroAxios({ http, https, zlib });
}
