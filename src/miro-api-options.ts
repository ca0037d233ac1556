import type { AxiosInstance } from 'axios';
import type { MiroInterceptor } from './http/miro-request.js';
import type { MiroLogger } from './http/request-log.js';
import type { RateLimitOptions } from './limiter/rate-limit-options.js';
import type { RetryOptions } from './retry/retry-options.js';
import type { TransportChoice } from './transport/transport.js';

/** Options of `new MiroApi(token, options)`. */
export interface MiroApiOptions {
  /** REST API base URL. Default `https://api.miro.com`. */
  baseUrl?: string;
  /** SCIM API base URL. Default `https://miro.com/api/v1/scim`. */
  scimBaseUrl?: string;
  /** Time allowed for one attempt, in milliseconds. Default 30,000. */
  timeoutMs?: number;
  /**
   * Longest answer accepted, in bytes after decompression; a longer one fails with
   * `MiroResponseTooLargeError` while it arrives. From 1 to 536,870,888 (V8's string limit).
   * Default 50 MB.
   */
  maxResponseBytes?: number;
  /** Credit limiter settings, or `false` to send without planning credits. */
  rateLimit?: RateLimitOptions | false;
  /** Retry settings, or `false` for a single attempt. */
  retry?: RetryOptions | false;
  /**
   * An axios instance to send with (interceptors, custom agents, proxies). Default: none; miro-rx
   * sends without axios (see `transport`), and loads it only for a proxy named in the environment.
   */
  axios?: AxiosInstance;
  /**
   * Which of miro-rx's transports sends when `axios` is not given: `'node'` (Node's `http` on its
   * keep-alive agents) or `'fetch'` (the platform's `fetch`). Default: `'node'` where Node's
   * built-ins are found (Node >= 20.16), else `'fetch'`.
   */
  transport?: TransportChoice;
  /** Extra pipeline steps, run first, in order. */
  interceptors?: readonly MiroInterceptor[];
  /** Receives one line per attempt; secrets never appear in it. */
  logger?: MiroLogger;
}

export const DEFAULT_BASE_URL = 'https://api.miro.com';
export const DEFAULT_SCIM_BASE_URL = 'https://miro.com/api/v1/scim';
export const DEFAULT_TIMEOUT_MS = 30_000;
