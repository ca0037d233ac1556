import type { MiroApiOptions } from '../miro-api-options.js';
import { MiroOAuthError } from '../errors/oauth-errors.js';
import type { Storage } from './storage.js';

/** Options of `new Miro(options)`. Each of the first three falls back to an environment variable. */
export interface MiroOptions {
  /** The app's client id. Default: `MIRO_CLIENT_ID`. */
  clientId?: string;
  /** The app's client secret. Default: `MIRO_CLIENT_SECRET`. Never appears in an error or log line. */
  clientSecret?: string;
  /** Where Miro sends the user back, exactly as registered for the app. Default: `MIRO_REDIRECT_URL`. */
  redirectUrl?: string;
  /** Where tokens are kept. Default: a new `InMemoryStorage` for this instance. */
  storage?: Storage;
  /** Base of the authorisation page. Default `https://miro.com`. */
  authBaseUrl?: string;
  /** Base of the token endpoints and (unless `api.baseUrl` is set) of the API. Default `https://api.miro.com`. */
  apiBaseUrl?: string;
  /** Options of the `MiroApi` clients that `as(userId)` returns (and of the token calls' axios and timeout). */
  api?: MiroApiOptions;
  /** Refresh this long before the access token expires, in milliseconds. Default 60,000. */
  refreshMarginMs?: number;
  /** How long a `state` made by `getAuthUrl` stays valid, in milliseconds. Default 600,000 (10 minutes). */
  stateTtlMs?: number;
  /**
   * How long one `storage.get` or `storage.set` may take before the call that needed it fails
   * with a `MiroStorageError`, in milliseconds. Default 10,000: a storage that never answers
   * must not hold `as(userId)` calls for ever.
   */
  storageTimeoutMs?: number;
}

/** The options after defaults and environment fallbacks, checked. */
export interface MiroConfig {
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  authBaseUrl: string;
  apiBaseUrl: string;
  refreshMarginMs: number;
  stateTtlMs: number;
  storageTimeoutMs: number;
}

/** Default of `storageTimeoutMs`: far above a healthy store's answer time, far below "for ever". */
export const DEFAULT_STORAGE_TIMEOUT_MS = 10_000;
/** Default of `authBaseUrl`: Miro's consent page lives here. */
export const DEFAULT_AUTH_BASE_URL = 'https://miro.com';
/** Default of `apiBaseUrl`: the token endpoints (and the API) live here. */
export const DEFAULT_OAUTH_API_BASE_URL = 'https://api.miro.com';
/** Default of `refreshMarginMs`: a minute before expiry. */
export const DEFAULT_REFRESH_MARGIN_MS = 60_000;
/** Default of `stateTtlMs`: ten minutes to consent. */
export const DEFAULT_STATE_TTL_MS = 600_000;
// Node's timers overflow above this (about 24.8 days) and fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

const ENVIRONMENT_NAMES = { clientId: 'MIRO_CLIENT_ID', clientSecret: 'MIRO_CLIENT_SECRET', redirectUrl: 'MIRO_REDIRECT_URL' } as const;

/** Reads options, falling back to the environment where there is one (not in browsers). */
export function resolveMiroConfig(options: MiroOptions): MiroConfig {
  const environment = typeof process !== 'undefined' && process?.env ? process.env : {};
  const pick = (key: keyof typeof ENVIRONMENT_NAMES) => {
    const value = options[key] ?? environment[ENVIRONMENT_NAMES[key]];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const clientId = pick('clientId');
  const clientSecret = pick('clientSecret');
  const redirectUrl = pick('redirectUrl');
  const missing = (['clientId', 'clientSecret', 'redirectUrl'] as const)
    .filter((key) => ({ clientId, clientSecret, redirectUrl })[key] === undefined)
    .map((key) => `${key} (option ${key} or environment variable ${ENVIRONMENT_NAMES[key]})`);
  if (missing.length > 0) {
    throw new MiroOAuthError(`Miro: missing ${missing.join(', ')}`, { reason: 'configuration' });
  }
  return {
    clientId: clientId!,
    clientSecret: clientSecret!,
    redirectUrl: checkUrl('redirectUrl', redirectUrl!),
    authBaseUrl: trimSlash(checkUrl('authBaseUrl', options.authBaseUrl ?? DEFAULT_AUTH_BASE_URL)),
    apiBaseUrl: trimSlash(checkUrl('apiBaseUrl', options.apiBaseUrl ?? DEFAULT_OAUTH_API_BASE_URL)),
    refreshMarginMs: checkDuration('refreshMarginMs', options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS),
    stateTtlMs: checkDuration('stateTtlMs', options.stateTtlMs ?? DEFAULT_STATE_TTL_MS),
    storageTimeoutMs: checkTimeout('storageTimeoutMs', options.storageTimeoutMs ?? DEFAULT_STORAGE_TIMEOUT_MS),
  };
}

function checkUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new MiroOAuthError(`Miro: ${name} is not an absolute URL`, { reason: 'configuration' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new MiroOAuthError(`Miro: ${name} must be an http(s) URL, not ${url.protocol}`, { reason: 'configuration' });
  }
  return value;
}

function checkDuration(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new MiroOAuthError(`Miro: ${name} must be a number of milliseconds >= 0`, { reason: 'configuration' });
  }
  return value;
}

function checkTimeout(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new MiroOAuthError(`Miro: ${name} must be a number of milliseconds > 0 and <= ${MAX_TIMER_MS}, got ${String(value)}`, {
      reason: 'configuration',
    });
  }
  return value;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
