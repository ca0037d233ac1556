import type { AxiosInstance } from 'axios';
import { createMiroAxios } from '../transport/miro-axios.js';

/**
 * A new axios instance set up as miro-rx's own (axios's Node http adapter on keep-alive
 * agents, no redirects), for a service that wants to hold it before making clients:
 * `new MiroApi(token, { axios: nodeHttpAxios() })`. Every client has one already as `client.axios`.
 */
export function nodeHttpAxios(): AxiosInstance {
  return createMiroAxios();
}
