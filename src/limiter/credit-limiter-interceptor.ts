import type { MiroInterceptor } from '../http/miro-request.js';
import type { SharedCreditBudget } from './shared-credit-limiters.js';

/** The pipeline step that charges each attempt its credits before it is sent. */
export function creditLimiterInterceptor(limiter: Pick<SharedCreditBudget, 'run$'>): MiroInterceptor {
  return (request, next) => limiter.run$(request, next);
}
