import type { RateLimitState } from '../limiter/rate-limit-state.js';
import type { BudgetView } from './watch-pacing.js';

/**
 * Reads the shared limiter's state as it is now, telling none of `rateLimitState$`'s
 * subscribers. Without a limiter (`rateLimit: false`), or before the budget's limiter exists,
 * the configured (or Miro's default) budget is used and nothing is known of what is left.
 */
export function budgetView(snapshot: () => RateLimitState | undefined, budget: number, windowMs: number): () => BudgetView {
  return () => {
    const state = snapshot();
    if (!state) return { budget, windowMs };
    // creditsLeft is 0 until the first answer: treat "no window yet" as unknown, not as empty.
    const known = state.windowResetsAt !== undefined;
    return {
      budget: state.budget,
      windowMs,
      creditsLeft: known ? state.creditsLeft : undefined,
      windowResetsAt: state.windowResetsAt,
    };
  };
}
