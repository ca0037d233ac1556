// Public exports of src/limiter/ (credit rate limiting) and src/retry/.
export type { RateLimitOptions, RedisConnectionOption } from './rate-limit-options.js';
export { DEFAULT_CREDIT_BUDGET, DEFAULT_CREDIT_WINDOW_MS } from './rate-limit-options.js';
export type { RateLimitState } from './rate-limit-state.js';
export { MiroCreditBudgetError } from '../errors/credit-errors.js';
export { MiroCreditWaitTimeoutError } from '../errors/credit-errors.js';
export { closeSharedCreditLimiters } from './shared-credit-limiters.js';
export type { RetryOptions } from '../retry/retry-options.js';
