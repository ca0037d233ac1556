import type { AxiosInstance } from 'axios';
import type { MiroInterceptor } from './http/miro-request.js';
import type { MiroLogger } from './http/request-log.js';
import type { RateLimitOptions } from './limiter/rate-limit-options.js';
import type { RetryOptions } from './retry/retry-options.js';
import type { MiroTelemetry } from './telemetry/miro-telemetry.js';

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
   * The axios instance to send with: your service's own (its interceptors, agents, proxy,
   * adapter). miro-rx adds its steps to it once (a request interceptor and axios-retry, both
   * acting on miro-rx's calls only), so its other requests behave as before. Default: a new
   * instance per client (`client.axios`), with axios's default adapter and no redirects.
   */
  axios?: AxiosInstance;
  /** Steps around each whole call (once per call, not per attempt), run first, in order. */
  interceptors?: readonly MiroInterceptor[];
  /** Receives one line per attempt; secrets never appear in it. */
  logger?: MiroLogger;
  /**
   * OpenTelemetry traces and metrics of this client's calls: `openTelemetry()` of `miro-rx/otel`,
   * or `false` for none. Default: what `useOpenTelemetry()` set for the process, else none.
   */
  telemetry?: MiroTelemetry | false;
}

export const DEFAULT_BASE_URL = 'https://api.miro.com';
export const DEFAULT_SCIM_BASE_URL = 'https://miro.com/api/v1/scim';
export const DEFAULT_TIMEOUT_MS = 30_000;
