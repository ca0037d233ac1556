import type { AccessTokenSource } from '../http/access-token.js';
import { authorize } from '../http/authorize.js';
import { defaultTransport } from '../transport/default-transport.js';
import type { MiroHandler } from '../http/miro-request.js';
import { requestLog } from '../http/request-log.js';
import { requestPipeline } from '../http/request-pipeline.js';
import { creditLimiterInterceptor } from '../limiter/credit-limiter-interceptor.js';
import type { SharedCreditBudget } from '../limiter/shared-credit-limiters.js';
import { maxWaitOf } from '../limiter/max-wait.js';
import { retryInterceptor } from '../retry/retry-interceptor.js';
import type { MiroApiOptions } from '../miro-api-options.js';

/**
 * The steps every attempt of a client's calls goes through, in order: the caller's own
 * interceptors, retries, the credit limiter, authorisation, the log line, then the transport.
 * Retry sits before the limiter so that every attempt is charged its credits again.
 */
export function clientPipeline(accessToken: AccessTokenSource, options: MiroApiOptions, limiter: SharedCreditBudget | undefined): MiroHandler {
  return requestPipeline(
    [
      ...(options.interceptors ?? []),
      ...(options.retry === false ? [] : [retryInterceptor(options.retry)]),
      ...(limiter ? [creditLimiterInterceptor(limiter, maxWaitOf(options.rateLimit || {}, options.retry))] : []),
      authorize(accessToken),
      ...(options.logger ? [requestLog(options.logger)] : []),
    ],
    defaultTransport(options, { maxResponseBytes: options.maxResponseBytes }),
  );
}
