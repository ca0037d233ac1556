/** How `MiroApi` plans Miro's credits. `false` turns the limiter off. */
export interface RateLimitOptions {
  /** Credits per window. Default 100,000 (Miro's budget per user and app). */
  budget?: number;
  /** Window length in milliseconds. Default 60,000. */
  windowMs?: number;
  /** Credits that may be in flight at once. Default: the whole budget. */
  maxConcurrent?: number;
  /**
   * Which budget this client spends. Clients with the same key share one limiter.
   * Default: the token (a plain token), or the user (`Miro.as(userId)`).
   */
  key?: string;
  /** Shares the budget across processes through Redis: an ioredis client or its options. */
  redis?: unknown;
}
