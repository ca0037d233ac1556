/**
 * How `MiroApi` plans Miro's credits. `false` (in `MiroApiOptions.rateLimit`) turns the limiter off.
 *
 * @example
 * ```ts
 * const api = new MiroApi(token, { rateLimit: { budget: 50_000 } }); // leave half for another app
 * ```
 */
export interface RateLimitOptions {
  /**
   * Credits this client may spend per window: a cap never exceeded, whatever the server says.
   * When it is lower than the server's limit, the difference is left for other consumers.
   * Default: follow the server's `X-RateLimit-Limit` (sanity-checked), starting from 100,000
   * (Miro's budget per user and app) until an answer tells it.
   */
  budget?: number;
  /**
   * Window length in milliseconds, used until the server's `X-RateLimit-Reset` says better.
   * Default 60,000.
   */
  windowMs?: number;
  /** Credits that may be in flight at once. Default: the whole budget. */
  maxConcurrent?: number;
  /**
   * Which budget this client spends: clients with the same key (and base URL) share one limiter.
   * Default: a hash of the token for a plain token string; a key of its own for each client
   * whose token is a function (pass a key, e.g. `user:<id>`, to share).
   */
  key?: string;
  /**
   * Shares the budget across processes and machines through Redis: an ioredis client, or the
   * options to create one. Needs the Node entry: `import 'miro-rx/node'` once at start-up.
   */
  redis?: RedisConnectionOption;
  /**
   * Extra wait after the server's reset time before the next window's credits are spent, to
   * absorb clock skew between this machine and Miro. Default 100 ms.
   */
  resetMarginMs?: number;
  /**
   * Longest a call may wait for credits, in milliseconds. When the credits it needs come back
   * later than that (after a 429 with a long `Retry-After`, say), the call fails at once with a
   * `MiroRateLimitError` whose `resetAt` says when. Default: `retry.maxRateLimitWaitMs` when
   * set, else two windows (120,000).
   */
  maxWaitMs?: number;
  /**
   * A budget with nothing queued or in flight for this long is released: its limiter, timers
   * and (in cluster mode) Redis heartbeat stop, and its Redis keys expire. Its next call learns
   * the window again from the server's headers. Default: the window plus 5 s, at least 65,000.
   */
  idleReleaseMs?: number;
}

/** An ioredis client (anything with `duplicate()` and `evalsha()`), or ioredis constructor options. */
export type RedisConnectionOption = object;

/** Miro's budget per user and app. */
export const DEFAULT_CREDIT_BUDGET = 100_000;
/** Miro's window. */
export const DEFAULT_CREDIT_WINDOW_MS = 60_000;
export const DEFAULT_RESET_MARGIN_MS = 100;
/** A little over Miro's window: a released budget's last window is over. */
export const DEFAULT_IDLE_RELEASE_MS = 65_000;
