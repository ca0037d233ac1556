import { fnv1a64 } from '../../limiter/budget-key.js';

/**
 * The budget as metrics name it: a digest of the limiter's budget key (itself the base URL and a
 * digest of the token, or the caller's key), the same id the Redis store names it by. It tells
 * budgets apart on a dashboard and cannot be turned back into a token, a URL or a key.
 */
export function budgetId(key: string): string {
  return fnv1a64(key);
}
