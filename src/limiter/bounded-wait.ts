import type { MiroRateLimitError } from '../errors/miro-errors.js';
import { creditRefusals } from '../errors/error-factory.js';
import type { MiroRequest } from '../http/miro-request.js';
import { windowEndsAt } from './credit-window.js';
import type { CreditStore } from './credit-store.js';
import type { QueuedCall } from './queued-call.js';

/** What the bounded-wait policy reads of a limiter. */
export interface WaitContext {
  readonly store: Pick<CreditStore, 'window' | 'creditsLeft'>;
  readonly budget: number;
  readonly resetMarginMs: number;
}

/**
 * The bounded-wait policy: a call that does not fit in what is left of the window, when that
 * window ends more than `maxWaitMs` from now (a 429 with a long `Retry-After`), fails at once
 * with a `MiroRateLimitError` whose `resetAt` says when to come back.
 */
export function waitTooLong(context: WaitContext, request: MiroRequest, maxWaitMs: number): MiroRateLimitError | undefined {
  const { store } = context;
  const endsAt = windowEndsAt(store.window);
  if (endsAt === undefined || store.creditsLeft >= request.creditCost) return undefined;
  const waitMs = endsAt + context.resetMarginMs - Date.now();
  if (waitMs <= maxWaitMs) return undefined;
  return creditRefusals.waitTooLong(request, waitMs, maxWaitMs, { limit: context.budget, remaining: Math.max(0, store.creditsLeft), resetAt: endsAt });
}

/** Applies the policy to calls already queued, after the window changed. */
export function failFarWaiters(context: WaitContext, waiting: readonly QueuedCall[]): void {
  for (const call of waiting) {
    const error = waitTooLong(context, call.request, call.maxWaitMs);
    if (error) call.fail(error);
  }
}
