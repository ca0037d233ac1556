import type { MiroInterceptor } from '../http/miro-request.js';
import type { CreditLimiter } from './credit-limiter.js';

/**
 * The pipeline step that charges each attempt its credits before it is sent. `maxWaitMs`
 * bounds this client's wait for credits (clients sharing a budget may bound it differently).
 */
export function creditLimiterInterceptor(limiter: CreditLimiter, maxWaitMs?: number): MiroInterceptor {
  return (request, next) => limiter.run$(request, next, maxWaitMs);
}
