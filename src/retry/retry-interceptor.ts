import { catchError, defer, type Observable, switchMap, throwError, timer } from 'rxjs';
import { MiroError } from '../errors/miro-errors.js';
import type { MiroHttpResponse, MiroInterceptor, MiroRequest } from '../http/miro-request.js';
import type { RetryOptions } from './retry-options.js';
import { retryDelayMs, retryPolicy } from './retry-policy.js';

/**
 * The retry step, placed before the credit limiter: each attempt is a new pass through the rest
 * of the pipeline (limiter, authorisation, transport), so every attempt is charged and sent with
 * a fresh token. axios-retry's interceptor is not installed on the axios instance, because it
 * would repeat requests below the limiter, where retries cost credits nobody planned.
 */
export function retryInterceptor(options: RetryOptions = {}): MiroInterceptor {
  const policy = retryPolicy(options);
  return (request, next) => {
    const attempt$ = (attempt: number): Observable<MiroHttpResponse> =>
      defer(() => next({ ...request, attempt } satisfies MiroRequest)).pipe(
        catchError((error: unknown) => {
          if (error instanceof MiroError) error.attempts = attempt;
          const delayMs = retryDelayMs(request, error, attempt, policy);
          if (delayMs === undefined) return throwError(() => error);
          return timer(delayMs).pipe(switchMap(() => attempt$(attempt + 1)));
        }),
      );
    return attempt$(request.attempt);
  };
}
