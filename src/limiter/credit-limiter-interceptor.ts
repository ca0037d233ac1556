import type { MiroInterceptor } from '../http/miro-request.js';
import type { CreditLimiter } from './credit-limiter.js';

/** The pipeline step that charges each attempt its credits before it is sent. */
export function creditLimiterInterceptor(limiter: CreditLimiter): MiroInterceptor {
  return (request, next) => limiter.run$(request, next);
}
