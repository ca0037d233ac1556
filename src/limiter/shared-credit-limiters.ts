import { BehaviorSubject, defer, distinctUntilChanged, EMPTY, finalize, type Observable, Subject, switchMap } from 'rxjs';
import type { AccessTokenSource } from '../http/access-token.js';
import type { MiroHandler, MiroHttpResponse, MiroRequest } from '../http/miro-request.js';
import { MiroError } from '../errors/miro-errors.js';
import { creditRefusals } from '../errors/error-factory.js';
import { CreditLimiter } from './credit-limiter.js';
import type { CreditStore, CreditStoreConfig } from './credit-store.js';
import { LocalCreditStore } from './local-credit-store.js';
import { budgetKey, fnv1a64 } from './budget-key.js';
import { processWide } from './process-wide.js';
import { startingNow, zeroCounts } from './limiter-state-stream.js';
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
  /** The handle every client of a fixed key gets while the limiter lives (one `rateLimitState$`). */
  handle?: SharedCreditBudget;
}

/** What a `MiroClient` holds: it finds (or makes again) its budget's one limiter at every attempt. */
export interface SharedCreditBudget {
  /**
   * `maxWaitMs` bounds this client's wait for credits (clients sharing a budget may bound it
   * differently); `token` is the token this attempt sends, which names the budget unless the
   * client's token is fixed or `rateLimit.key` names it.
   */
  run$(request: MiroRequest, send: MiroHandler, maxWaitMs?: number, token?: string): Observable<MiroHttpResponse>;
  /** The budget's snapshots; with a token function, of the budget of the token last sent. */
  readonly state$: Observable<RateLimitState>;
  /** Names the budget in this process (the base URL and a digest of the token or the key); never a token. */
  readonly key: string;
  /** The budget's state now, without telling `state$`'s subscribers; undefined while no limiter is alive. */
  snapshot(): RateLimitState | undefined;
}

// One limiter per budget per process: every client spending the same budget queues in it, even
// when the ESM and the CommonJS build of miro-rx are both loaded. Only budgets in use are here:
// idle ones are released by the sweep below, watched or not.
const limiters = processWide('shared-credit-limiters', () => new Map<string, SharedLimiter>());
// Where `rateLimitState$` subscribers listen, per budget, only while someone does: a subject
// outlives the limiter it relays, so a released budget made again reaches the same watchers.
const watched = processWide('shared-credit-watchers', () => new Map<string, Subject<RateLimitState>>());
let sweepTimer: ReturnType<typeof setInterval> | undefined;
let sweepEveryMs = Number.POSITIVE_INFINITY;
let clusteredStoreFactory: ClusteredCreditStoreFactory | undefined;

/** Called by `miro-rx/node` so that `rateLimit.redis` works without the browser entry importing Redis code. */
export function useClusteredCreditStore(factory: ClusteredCreditStoreFactory): void {
  clusteredStoreFactory = factory;
}

/** The budget of this token (or key) at this server: fixed for a string token or a key, else the token each attempt sends. */
export function sharedCreditLimiter(accessToken: AccessTokenSource, baseUrl: string, options: RateLimitOptions): SharedCreditBudget {
  const plan = budgetPlan(options);
  const fixed = options.key !== undefined || typeof accessToken === 'string' ? budgetKey(accessToken, baseUrl, options.key) : undefined;
  if (fixed === undefined) return budgetHandle(baseUrl, plan, undefined);
  const entry = limiterFor(fixed, plan); // settings errors surface in the constructor
  entry.handle ??= budgetHandle(baseUrl, plan, fixed);
  return entry.handle;
}

/** The handle of a budget named once (`fixed`), or by the token each attempt sends. */
function budgetHandle(baseUrl: string, plan: BudgetPlan, fixed: string | undefined): SharedCreditBudget {
  let latest = fixed;
  const latest$ = new BehaviorSubject<string | undefined>(fixed);
  // The digest of the token last seen, kept with it: a token function returns the same token for hours.
  let seen: { token: string; key: string } | undefined;
  const keyOf = (token: string | undefined) => {
    if (fixed || token === undefined) return fixed ?? latest;
    if (seen?.token !== token) seen = { token, key: budgetKey(token, baseUrl, undefined) };
    return seen.key;
  };
  return {
    get key() {
      return latest ?? `${baseUrl} no token sent yet`;
    },
    run$: (request, send, maxWaitMs, token) =>
      defer(() => {
        const key = keyOf(token);
        if (key === undefined) throw new TypeError('miro-rx: a budget named by the token sent needs the token');
        if (key !== latest) latest$.next((latest = key));
        return limiterOfSentToken(key, plan, request).limiter.run$(request, send, maxWaitMs);
      }),
    state$: latest$.pipe(
      distinctUntilChanged(),
      switchMap((key) => (key === undefined ? EMPTY : watch$(key, plan))),
    ),
    snapshot: () => (latest === undefined ? undefined : limiters.get(latest)?.limiter.state.current()),
  };
}

interface BudgetPlan {
  config: { budget: number; windowMs: number; maxConcurrent: number; followServer: boolean };
  resetMarginMs: number;
  idleMs: number;
  redis: RateLimitOptions['redis'];
  settings: string;
}

function budgetPlan(options: RateLimitOptions): BudgetPlan {
  const budget = positive(options.budget, DEFAULT_CREDIT_BUDGET, 'budget');
  const windowMs = positive(options.windowMs, DEFAULT_CREDIT_WINDOW_MS, 'windowMs');
  const maxConcurrent = positive(options.maxConcurrent, budget, 'maxConcurrent');
  const resetMarginMs = options.resetMarginMs ?? DEFAULT_RESET_MARGIN_MS;
  if (!(resetMarginMs >= 0)) throw new TypeError(`rateLimit.resetMarginMs must be 0 or more, got ${String(options.resetMarginMs)}`);
  if (options.key !== undefined && (typeof options.key !== 'string' || options.key === '')) throw new TypeError('rateLimit.key must be a non-empty string');
  if (options.redis !== undefined && (options.redis === null || typeof options.redis !== 'object')) {
    throw new TypeError('rateLimit.redis must be an ioredis client or ioredis options');
  }
  const idleMs = positive(options.idleReleaseMs, Math.max(DEFAULT_IDLE_RELEASE_MS, windowMs + 5_000), 'idleReleaseMs');
  const followServer = options.budget === undefined;
  const settings = JSON.stringify({ budget, followServer, windowMs, maxConcurrent, redis: options.redis !== undefined });
  return { config: { budget, windowMs, maxConcurrent, followServer }, resetMarginMs, idleMs, redis: options.redis, settings };
}

/**
 * A token function's budget is known only once a token is sent: a settings mismatch found then
 * fails that call as refused (nothing sent, not retried), not as the constructor's TypeError.
 */
function limiterOfSentToken(key: string, plan: BudgetPlan, request: MiroRequest): SharedLimiter {
  try {
    return limiterFor(key, plan);
  } catch (error) {
    throw creditRefusals.settingsMismatch(request, (error as Error).message);
  }
}

/** The budget's live limiter, made (again) on first use. */
function limiterFor(key: string, plan: BudgetPlan): SharedLimiter {
  const existing = limiters.get(key);
  if (existing?.store.broken && existing.limiter.idle) {
    // Its Redis handshake failed while Redis was down: a budget made afresh resumes once it is back.
    limiters.delete(key);
    void existing.limiter.close().catch(() => undefined);
  } else if (existing) {
    if (existing.settings !== plan.settings) {
      throw new TypeError(`rateLimit: clients sharing a budget must use the same settings (${plan.settings} vs ${existing.settings})`);
    }
    return existing;
  }
  const { config, redis, idleMs } = plan;
  const store = redis ? clusteredStore({ ...config, id: `miro-rx:${fnv1a64(key)}`, redis, idleMs }) : new LocalCreditStore(config);
  const limiter = new CreditLimiter({
    ...config,
    resetMarginMs: plan.resetMarginMs,
    store,
    // Cluster mode: a crashed process's credits in flight come back once its jobs expire.
    expirationMs: redis ? (request) => request.timeoutMs + 10_000 : undefined,
    stateSink: () => watched.get(key),
  });
  const entry = { limiter, store, settings: plan.settings, idleMs };
  limiters.set(key, entry);
  scheduleSweep(idleMs);
  return entry;
}

/**
 * A budget's snapshots for as long as its watcher stays: a fresh one first (of the live limiter,
 * or of an idle budget when it was released), then one after every change. Watching keeps only
 * a subject alive, never the limiter, its timers or its Redis connection.
 */
function watch$(key: string, plan: BudgetPlan): Observable<RateLimitState> {
  return defer(() => {
    let relay = watched.get(key);
    if (!relay) watched.set(key, (relay = new Subject<RateLimitState>()));
    const subject = relay;
    const now = () => limiters.get(key)?.limiter.state.current() ?? idleState(plan.config.budget);
    return startingNow(now, subject).pipe(
      finalize(() => {
        if (!subject.observed && watched.get(key) === subject) watched.delete(key);
      }),
    );
  });
}

function idleState(budget: number): RateLimitState {
  return { budget, creditsLeft: 0, queued: 0, queuedCredits: 0, ...zeroCounts() };
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
    if (!entry.limiter.idle || now - entry.limiter.lastActiveAt < entry.idleMs) continue;
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
  for (const relay of watched.values()) relay.complete();
  watched.clear();
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
