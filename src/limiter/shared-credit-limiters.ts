import { defer, finalize, type Observable } from 'rxjs';
import type { AccessTokenSource } from '../http/access-token.js';
import type { MiroHandler, MiroHttpResponse, MiroRequest } from '../http/miro-request.js';
import { MiroError } from '../errors/miro-errors.js';
import { CreditLimiter } from './credit-limiter.js';
import type { CreditStore, CreditStoreConfig } from './credit-store.js';
import { LocalCreditStore } from './local-credit-store.js';
import { budgetKey, fnv1a64 } from './budget-key.js';
import { processWide } from './process-wide.js';
import type { RateLimitState } from './rate-limit-state.js';
import {
  DEFAULT_CREDIT_BUDGET,
  DEFAULT_CREDIT_WINDOW_MS,
  DEFAULT_IDLE_RELEASE_MS,
  DEFAULT_RESET_MARGIN_MS,
  type RateLimitOptions,
  type RedisConnectionOption,
} from './rate-limit-options.js';

/** Builds a store that keeps the budget in Redis; installed by `miro-rx/node`. */
export type ClusteredCreditStoreFactory = (config: CreditStoreConfig & { id: string; redis: RedisConnectionOption; idleMs?: number }) => CreditStore;

interface SharedLimiter {
  limiter: CreditLimiter;
  store: CreditStore;
  settings: string;
  idleMs: number;
  /** Subscribers of `rateLimitState$`: a watched budget is never released under its watcher. */
  watchers: number;
  /** The handle given to every MiroApi of this budget while the limiter lives (one `rateLimitState$`). */
  handle?: SharedCreditBudget;
}

/** What a `MiroApi` holds: it finds (or makes again) the budget's one limiter at every call. */
export interface SharedCreditBudget {
  /** `maxWaitMs` bounds this client's wait for credits (clients sharing a budget may bound it differently). */
  run$(request: MiroRequest, send: MiroHandler, maxWaitMs?: number): Observable<MiroHttpResponse>;
  readonly state$: Observable<RateLimitState>;
  /** Names the budget in this process (the base URL and a digest of the token or the key); never a token. */
  readonly key: string;
  /** The budget's state now, without telling `state$`'s subscribers; undefined while no limiter is alive. */
  snapshot(): RateLimitState | undefined;
}

// One limiter per budget per process: every MiroApi spending the same budget queues in it, even
// when the ESM and the CommonJS build of miro-rx are both loaded. Only budgets in use are here:
// idle ones are released by the sweep below.
const limiters = processWide('shared-credit-limiters', () => new Map<string, SharedLimiter>());
let sweepTimer: ReturnType<typeof setInterval> | undefined;
let sweepEveryMs = Number.POSITIVE_INFINITY;
let clusteredStoreFactory: ClusteredCreditStoreFactory | undefined;

/** Called by `miro-rx/node` so that `rateLimit.redis` works without the browser entry importing Redis code. */
export function useClusteredCreditStore(factory: ClusteredCreditStoreFactory): void {
  clusteredStoreFactory = factory;
}

/** The limiter for this token (or key) at this server, created on first use. */
export function sharedCreditLimiter(accessToken: AccessTokenSource, baseUrl: string, options: RateLimitOptions): SharedCreditBudget {
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
  const idleMs = positive(options.idleReleaseMs, Math.max(DEFAULT_IDLE_RELEASE_MS, windowMs + 5_000), 'idleReleaseMs');
  const key = budgetKey(accessToken, baseUrl, options.key);
  const followServer = options.budget === undefined;
  const settings = JSON.stringify({ budget, followServer, windowMs, maxConcurrent, redis: options.redis !== undefined });
  const config = { budget, windowMs, maxConcurrent, followServer };
  const redis = options.redis;
  const create = (): SharedLimiter => {
    const store = redis ? clusteredStore({ ...config, id: `miro-rx:${fnv1a64(key)}`, redis, idleMs }) : new LocalCreditStore(config);
    const limiter = new CreditLimiter({
      ...config,
      resetMarginMs,
      store,
      // Cluster mode: a crashed process's credits in flight come back once its jobs expire.
      expirationMs: redis ? (request) => request.timeoutMs + 10_000 : undefined,
    });
    const entry = { limiter, store, settings, idleMs, watchers: 0 };
    limiters.set(key, entry);
    scheduleSweep(idleMs);
    return entry;
  };
  const current = (): SharedLimiter => {
    const existing = limiters.get(key);
    if (!existing) return create();
    if (existing.store.broken && existing.limiter.idle) {
      // Its Redis handshake failed while Redis was down: a budget made afresh resumes once it is back.
      limiters.delete(key);
      void existing.limiter.close().catch(() => undefined);
      return create();
    }
    if (existing.settings !== settings) {
      throw new TypeError(`rateLimit: clients sharing a budget must use the same settings (${settings} vs ${existing.settings})`);
    }
    return existing;
  };
  const entry = current(); // settings errors surface in the constructor, as before
  entry.handle ??= {
    key,
    run$: (request, send, maxWaitMs) => defer(() => current().limiter.run$(request, send, maxWaitMs)),
    state$: defer(() => {
      const live = current();
      live.watchers += 1;
      return live.limiter.state$.pipe(finalize(() => (live.watchers -= 1)));
    }),
    // Undefined once the budget was released (nothing queued or in flight for its idle time).
    snapshot: () => limiters.get(key)?.limiter.state.current(),
  };
  return entry.handle;
}

/** Budgets alive in this process (benchmark, tests). */
export function sharedCreditLimiterCount(): number {
  return limiters.size;
}

/**
 * One timer for the whole process, at a quarter of the shortest idle time: it releases every
 * budget idle that long (nothing queued or in flight, nobody watching). Unref'd: it never keeps
 * a process alive, and it stops when no budget is left.
 */
function scheduleSweep(idleMs: number): void {
  const every = Math.max(50, Math.floor(idleMs / 4));
  if (sweepTimer && every >= sweepEveryMs) return;
  if (sweepTimer) clearInterval(sweepTimer);
  sweepEveryMs = every;
  sweepTimer = setInterval(sweepIdle, every);
  (sweepTimer as { unref?: () => void }).unref?.();
}

function sweepIdle(): void {
  const now = Date.now();
  for (const [key, entry] of limiters) {
    if (entry.watchers > 0 || !entry.limiter.idle || now - entry.limiter.lastActiveAt < entry.idleMs) continue;
    limiters.delete(key);
    void entry.limiter.close().catch(() => undefined);
  }
  if (limiters.size === 0) stopSweep();
}

function stopSweep(): void {
  if (sweepTimer) clearInterval(sweepTimer);
  sweepTimer = undefined;
  sweepEveryMs = Number.POSITIVE_INFINITY;
}

/** Forgets every shared limiter and stops their timers (tests, hot reload). */
export async function closeSharedCreditLimiters(): Promise<void> {
  const all = [...limiters.values()];
  limiters.clear();
  stopSweep();
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
