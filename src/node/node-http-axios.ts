import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { AxiosInstance } from 'axios';
import { createMiroAxios } from '../transport/axios-transport.js';

/**
 * The axios instance miro-rx makes by default in Node, with Node's modules imported rather than
 * found at run time: for Node 20 releases before 20.16, which lack `process.getBuiltinModule`
 * and so would fall back to axios's slower adapter. `new MiroApi(token, { axios: nodeHttpAxios() })`.
 */
export function nodeHttpAxios(): AxiosInstance {
  return createMiroAxios({ http, https, zlib });
}
