import type { MiroInterceptor } from '../http/miro-request.js';
import type { SharedCreditBudget } from './shared-credit-limiters.js';

/**
 * The pipeline step that charges each attempt its credits before it is sent. `maxWaitMs`
 * bounds this client's wait for credits (clients sharing a budget may bound it differently).
 */
export function creditLimiterInterceptor(limiter: Pick<SharedCreditBudget, 'run$'>, maxWaitMs?: number): MiroInterceptor {
  return (request, next) => limiter.run$(request, next, maxWaitMs);
}
