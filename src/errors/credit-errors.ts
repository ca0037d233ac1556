import { MiroError, MiroNetworkError, type RequestContext } from './miro-errors.js';

/** The error code of `MiroCreditWaitTimeoutError`. */
export const CREDIT_WAIT_TIMEOUT = 'ERR_CREDIT_WAIT_TIMEOUT';
/** A call refused because its limiter closed while it waited: not retried, as a closing process should not start it again. */
export const LIMITER_CLOSED = 'ERR_LIMITER_CLOSED';

/**
 * A call waited for credits longer than its own `timeoutMs`: the limiter had not granted it,
 * so it was never sent (`sent: false`) and nothing was charged. Not retried: another attempt
 * would only queue again. Raise the call's `timeoutMs`, or leave it out to let the limiter's
 * `maxWaitMs` bound the wait.
 */
export class MiroCreditWaitTimeoutError extends MiroNetworkError {
  override name = 'MiroCreditWaitTimeoutError';
  constructor(
    context: RequestContext,
    /** The call's `timeoutMs`. */
    readonly timeoutMs: number,
    /** How long it waited in the credit queue. */
    readonly waitedMs: number,
  ) {
    super(`waited ${waitedMs} ms for rate-limit credits, past its timeoutMs of ${timeoutMs} ms; nothing was sent`, context, CREDIT_WAIT_TIMEOUT, false);
  }
}

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
