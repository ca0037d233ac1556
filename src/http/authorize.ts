import { catchError, switchMap, throwError } from 'rxjs';
import { accessToken$, type AccessTokenSource } from './access-token.js';
import type { MiroInterceptor } from './miro-request.js';
import { redactToken } from './redact-token.js';

/**
 * Sets the Bearer token on each attempt, reading the source again every time so that a
 * refreshed token is used by retries. As a last guard, an error that somehow carries the
 * token (a server echoing it, say) has it redacted before it leaves the pipeline.
 */
export function authorize(source: AccessTokenSource): MiroInterceptor {
  return (request, next) =>
    accessToken$(source).pipe(
      switchMap((token) =>
        next({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } }).pipe(
          catchError((error: unknown) => throwError(() => redactToken(error, [token]))),
        ),
      ),
    );
}
