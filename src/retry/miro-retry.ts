import type { IAxiosRetryConfig } from 'axios-retry';
import { errorFromAxios } from '../errors/error-factory.js';
import type { MiroCall } from '../transport/miro-call.js';
import { retryDelayMs, type RetryPolicy } from './retry-policy.js';

/**
 * Miro's retry rules as axios-retry's per-call options: the condition reads the failure as the
 * miro-rx error it would become (retry-policy.ts) and decides the delay at the same time, which
 * `retryDelay` then gives. axios-retry waits, stops waiting at once when the call is aborted,
 * and sends the retry through the instance again (the caller's interceptors, the token, the
 * credit limiter: every retry is charged again).
 */
export function retryOptions(call: MiroCall, policy: RetryPolicy): IAxiosRetryConfig {
  return {
    retries: policy.retries,
    shouldResetTimeout: true,
    retryCondition: (failure) => {
      const delayMs = retryDelayMs(call, errorFromAxios(failure, call), policy);
      call.nextDelayMs = delayMs ?? 0;
      return delayMs !== undefined;
    },
    retryDelay: () => call.nextDelayMs,
  };
}
