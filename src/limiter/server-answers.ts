import { MiroApiError, MiroRateLimitError } from '../errors/miro-errors.js';
import type { RateLimitHeaders } from '../http/call-options.js';
import type { CreditStore } from './credit-store.js';
import { windowEndsAt } from './credit-window.js';
import { pauseEndsAt, saneReport } from './server-times.js';

/** What the bookkeeping of server answers needs of a limiter. */
export interface AnswerContext {
  readonly store: CreditStore;
  readonly budget: number;
  readonly windowMs: number;
  readonly maxWaitMs: number;
}

/**
 * The store change an answer's headers make, or undefined when they tell nothing. Sane headers
 * resync the budget; a server that sends none (not Miro) gets local windows of the configured
 * budget.
 */
export function changeFromAnswer(context: AnswerContext, rateLimit: RateLimitHeaders | undefined, weight: number): Promise<void> | undefined {
  const sane = rateLimit && saneReport(rateLimit, Date.now(), context.windowMs, context.maxWaitMs);
  const report = sane ?? localReport(context, weight);
  return report && context.store.report(report, weight);
}

/** The store change a failed exchange makes: a 429 pauses the budget, other answers resync it. */
export function changeFromFailure(context: AnswerContext, error: unknown, weight: number): Promise<void> | undefined {
  if (error instanceof MiroRateLimitError) return context.store.rateLimited(pauseEndsAt(error, Date.now(), context.windowMs), weight);
  if (error instanceof MiroApiError) return changeFromAnswer(context, error.rateLimit, weight);
  return undefined;
}

/**
 * Miro refuses a token it does not accept before counting the request: a 401 without rate-limit
 * headers cost nothing, and its credits go back (the simulator charges it nothing too).
 */
export function chargedNothing(status: number, rateLimit: RateLimitHeaders | undefined): boolean {
  return status === 401 && !rateLimit;
}

/** A server without rate-limit headers: a window of the configured budget, from now. */
function localReport(context: AnswerContext, weight: number) {
  if (windowEndsAt(context.store.window) !== undefined) return undefined;
  return { remaining: context.budget - weight, resetAt: Date.now() + context.windowMs, limit: context.budget };
}
