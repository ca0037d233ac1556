import type { Observable } from 'rxjs';
import type { RateLimitState } from '../limiter/rate-limit-state.js';
import type { BudgetView } from './watch-pacing.js';

/**
 * Reads the shared limiter's current state through the public `rateLimitState$`, whose first
 * snapshot arrives synchronously on subscribe. Without a limiter (`rateLimit: false`) the
 * configured (or Miro's default) budget is used and nothing is known of what is left.
 */
export function budgetView(rateLimitState$: Observable<RateLimitState>, budget: number, windowMs: number): () => BudgetView {
  return () => {
    let state: RateLimitState | undefined;
    rateLimitState$.subscribe((snapshot) => (state ??= snapshot)).unsubscribe();
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
