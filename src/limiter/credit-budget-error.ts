import { MiroError, type RequestContext } from '../errors/miro-errors.js';

/**
 * The request costs more credits than the budget can ever hold (or than `maxConcurrent`
 * allows in flight): it could never be sent, so it fails at once instead of waiting forever.
 * Split a bulk call into smaller ones, or raise the budget.
 */
export class MiroCreditBudgetError extends MiroError {
  override name = 'MiroCreditBudgetError';
  constructor(
    context: RequestContext,
    /** Credits the request costs. */
    readonly creditCost: number,
    /** The largest cost the limiter can grant. */
    readonly maxCredits: number,
  ) {
    super(`needs ${creditCost} credits but at most ${maxCredits} can ever be granted at once; it could never be sent`, context);
  }
}
