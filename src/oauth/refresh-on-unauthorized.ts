import { catchError, defer, type Observable, of, switchMap, throwError } from 'rxjs';
import { MiroApiError } from '../errors/miro-errors.js';
import type { MiroInterceptor } from '../http/miro-request.js';
import { MiroOAuthError } from '../errors/oauth-errors.js';
import type { UserTokens } from './user-tokens.js';

/**
 * When Miro answers 401 (the token expired early, or was refreshed elsewhere), refreshes the
 * user's token once and sends the request once more. If this instance already obtained a newer
 * token while the request was in flight, it only retries. A second 401 is passed on.
 */
export function refreshOnUnauthorized(tokens: UserTokens, userId: string): MiroInterceptor {
  return (request, next) =>
    defer(() => {
      const generation = tokens.generation(userId);
      return next(request).pipe(
        catchError((error: unknown) => {
          if (!(error instanceof MiroApiError) || error.status !== 401) return throwError(() => error);
          const newer$: Observable<unknown> = tokens.generation(userId) !== generation ? of(undefined) : tokens.refresh$(userId);
          return newer$.pipe(
            // Without a refresh token there is nothing to try: Miro's own 401 says the most.
            catchError((refreshError: unknown) =>
              throwError(() => (refreshError instanceof MiroOAuthError && refreshError.reason === 'not-authorized' ? error : refreshError)),
            ),
            switchMap(() => next({ ...request, attempt: request.attempt + 1 })),
          );
        }),
      );
    });
}
