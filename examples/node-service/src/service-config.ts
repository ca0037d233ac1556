import type { RateLimitOptions, RetryOptions } from '../../../src/index.js';

/** Where the service sends its Miro calls, and how long a call may wait for credits. */
export interface ServiceConfig {
  /** `miro`: Miro itself; `own-server`: `MIRO_BASE_URL` (a simulator or proxy of one's own); `simulator`: one started in-process. */
  target: 'miro' | 'own-server' | 'simulator';
  /** REST and SCIM base URLs; undefined for Miro's own. */
  baseUrl?: string;
  scimBaseUrl?: string;
  /** The service's own token (no user logged in). */
  token?: string;
  /** OAuth app, when `MIRO_CLIENT_ID` is set. */
  oauth: boolean;
  /** The limiter's settings every MiroApi of the service shares. */
  rateLimit: RateLimitOptions;
  /**
   * Retries wait for credits no longer than the limiter does: a call the limiter refused for
   * want of credits would otherwise be retried after the window's reset, and the service's
   * client would wait for that instead of hearing "busy".
   */
  retry: RetryOptions;
}

/**
 * Longest a Miro call of the service waits for credits by default. Past it the limiter refuses
 * the call at once and the service answers 503 with `Retry-After`: under demand above the
 * budget its own clients learn when to come back instead of queueing without end.
 */
export const DEFAULT_SERVICE_MAX_WAIT_MS = 10_000;

/**
 * Reads the service's environment:
 * - `MIRO_BASE_URL` (and `MIRO_SCIM_BASE_URL`, default `<base>/scim`): a Miro of one's own, such
 *   as `npx miro-rx-simulator --port 4010 --token my-token --seed-boards 3 --seed-items 500`.
 * - `MIRO_ACCESS_TOKEN`: the service's token (for a simulator, one of its `--token`s).
 * - `MIRO_CLIENT_ID`, `MIRO_CLIENT_SECRET`, `MIRO_REDIRECT_URL`: OAuth, read by `new Miro()`.
 * - `MIRO_MAX_WAIT_MS`: longest wait for credits before answering 503 (default 10,000).
 * - `MIRO_REDIS_URL`: share every budget with the service's other processes through Redis.
 * Neither a token nor a base URL nor OAuth: the service starts its own simulator.
 */
export function serviceConfig(env: Record<string, string | undefined>): ServiceConfig {
  const maxWaitMs = env.MIRO_MAX_WAIT_MS === undefined ? DEFAULT_SERVICE_MAX_WAIT_MS : Number(env.MIRO_MAX_WAIT_MS);
  if (!Number.isFinite(maxWaitMs) || maxWaitMs < 0)
    throw new Error(`MIRO_MAX_WAIT_MS must be a number of milliseconds, got ${JSON.stringify(env.MIRO_MAX_WAIT_MS)}`);
  const rateLimit: RateLimitOptions = { maxWaitMs, ...(env.MIRO_REDIS_URL ? { redis: redisOptions(env.MIRO_REDIS_URL) } : {}) };
  const retry: RetryOptions = { maxRateLimitWaitMs: maxWaitMs };
  const token = env.MIRO_ACCESS_TOKEN || undefined;
  const oauth = Boolean(env.MIRO_CLIENT_ID);
  if (env.MIRO_BASE_URL) {
    const baseUrl = checkedUrl(env.MIRO_BASE_URL, 'MIRO_BASE_URL').replace(/\/+$/, '');
    const scimBaseUrl = env.MIRO_SCIM_BASE_URL ? checkedUrl(env.MIRO_SCIM_BASE_URL, 'MIRO_SCIM_BASE_URL') : `${baseUrl}/scim`;
    if (!token && !oauth) throw new Error('MIRO_BASE_URL needs MIRO_ACCESS_TOKEN (or MIRO_CLIENT_ID for OAuth): a token the server at that URL accepts');
    return { target: 'own-server', baseUrl, scimBaseUrl, token, oauth, rateLimit, retry };
  }
  return { target: token || oauth ? 'miro' : 'simulator', token, oauth, rateLimit, retry };
}

function checkedUrl(value: string, name: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  throw new Error(`${name} must be an http(s) URL, got ${JSON.stringify(value)}`);
}

function redisOptions(url: string) {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 6379) };
}
