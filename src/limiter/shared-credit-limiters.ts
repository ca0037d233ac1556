import type { AccessTokenSource } from '../http/access-token.js';
import { MiroError } from '../http/errors.js';
import { CreditLimiter } from './credit-limiter.js';
import type { CreditStore, CreditStoreConfig } from './credit-store.js';
import { LocalCreditStore } from './local-credit-store.js';
import { budgetKey, fnv1a64 } from './budget-key.js';
import { processWide } from './process-wide.js';
import {
  DEFAULT_CREDIT_BUDGET,
  DEFAULT_CREDIT_WINDOW_MS,
  DEFAULT_RESET_MARGIN_MS,
  type RateLimitOptions,
  type RedisConnectionOption,
} from './rate-limit-options.js';

/** Builds a store that keeps the budget in Redis; installed by `miro-rx/node`. */
export type ClusteredCreditStoreFactory = (config: CreditStoreConfig & { id: string; redis: RedisConnectionOption }) => CreditStore;

interface SharedLimiter {
  limiter: CreditLimiter;
  settings: string;
}

// One limiter per budget per process: every MiroApi spending the same budget queues in it, even
// when the ESM and the CommonJS build of miro-rx are both loaded.
const limiters = processWide('shared-credit-limiters', () => new Map<string, SharedLimiter>());
let clusteredStoreFactory: ClusteredCreditStoreFactory | undefined;

/** Called by `miro-rx/node` so that `rateLimit.redis` works without the browser entry importing Redis code. */
export function useClusteredCreditStore(factory: ClusteredCreditStoreFactory): void {
  clusteredStoreFactory = factory;
}

/** The limiter for this token (or key) at this server, created on first use. */
export function sharedCreditLimiter(accessToken: AccessTokenSource, baseUrl: string, options: RateLimitOptions): CreditLimiter {
  const budget = positive(options.budget, DEFAULT_CREDIT_BUDGET, 'budget');
  const windowMs = positive(options.windowMs, DEFAULT_CREDIT_WINDOW_MS, 'windowMs');
  const maxConcurrent = positive(options.maxConcurrent, budget, 'maxConcurrent');
  const resetMarginMs = options.resetMarginMs ?? DEFAULT_RESET_MARGIN_MS;
  if (!(resetMarginMs >= 0)) throw new TypeError(`rateLimit.resetMarginMs must be 0 or more, got ${String(options.resetMarginMs)}`);
  if (options.key !== undefined && (typeof options.key !== 'string' || options.key === '')) {
    throw new TypeError('rateLimit.key must be a non-empty string');
  }
  if (options.redis !== undefined && (options.redis === null || typeof options.redis !== 'object')) {
    throw new TypeError('rateLimit.redis must be an ioredis client or ioredis options');
  }
  const key = budgetKey(accessToken, baseUrl, options.key);
  const followServer = options.budget === undefined;
  const settings = JSON.stringify({ budget, followServer, windowMs, maxConcurrent, redis: options.redis !== undefined });
  const existing = limiters.get(key);
  if (existing) {
    if (existing.settings !== settings) {
      throw new TypeError(`rateLimit: clients sharing a budget must use the same settings (${settings} vs ${existing.settings})`);
    }
    return existing.limiter;
  }
  const config = { budget, windowMs, maxConcurrent, followServer };
  const store = options.redis ? clusteredStore({ ...config, id: `miro-rx:${fnv1a64(key)}`, redis: options.redis }) : new LocalCreditStore(config);
  const limiter = new CreditLimiter({
    ...config,
    resetMarginMs,
    store,
    // Cluster mode: a crashed process's credits in flight come back once its jobs expire.
    expirationMs: options.redis ? (request) => request.timeoutMs + 10_000 : undefined,
  });
  limiters.set(key, { limiter, settings });
  return limiter;
}

/** Forgets every shared limiter and stops their timers (tests, hot reload). */
export async function closeSharedCreditLimiters(): Promise<void> {
  const all = [...limiters.values()];
  limiters.clear();
  await Promise.all(all.map(({ limiter }) => limiter.close()));
}

function clusteredStore(config: Parameters<ClusteredCreditStoreFactory>[0]): CreditStore {
  if (!clusteredStoreFactory) {
    throw new MiroError("rateLimit.redis needs miro-rx's Node entry: add `import 'miro-rx/node'` once before creating the client");
  }
  return clusteredStoreFactory(config);
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`rateLimit.${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}
