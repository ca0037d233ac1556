import { catchError, identity, switchMap, throwError, timeout } from 'rxjs';
import { accessToken$, type AccessTokenSource } from './access-token.js';
import { tokenSourceTimeout } from '../errors/error-factory.js';
import type { MiroHandler, MiroInterceptor, MiroRequest } from './miro-request.js';
import { bodySecrets, querySecrets, redactToken } from '../errors/redact-token.js';

/**
 * Sets the Bearer token on each attempt, reading the source again every time so that a
 * refreshed token is used by retries. As a last guard, an error that somehow carries the
 * token (a server echoing it, say) has it redacted before it leaves the pipeline, together with
 * the secrets the request itself carried: a token in the query (revoke-token v1), a token or
 * client secret in the JSON body (revoke-token v2).
 */
export function authorize(source: AccessTokenSource): MiroInterceptor {
  const send = (request: MiroRequest, next: MiroHandler, token: string) =>
    next({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } }).pipe(
      catchError((error: unknown) => throwError(() => redactToken(error, [token, ...querySecrets(request.url), ...bodySecrets(request.body)]))),
    );
  // A fixed token needs no per-request token Observable (the hot path); an empty one takes the
  // general path, which refuses it.
  if (typeof source === 'string' && source.trim() !== '') return (request, next) => send(request, next, source);
  return (request, next) =>
    accessToken$(source).pipe(
      // A token source that never answers (a hung storage, say) must not outlast the call's timeout.
      boundedWait(request) ? timeout({ first: request.timeoutMs, with: () => throwError(() => tokenSourceTimeout(request)) }) : identity,
      switchMap((token) => send(request, next, token)),
    );
}

/** Only a timeout a timer can hold: 0 means none (as for axios), and larger values overflow. */
function boundedWait(request: MiroRequest): boolean {
  return Number.isFinite(request.timeoutMs) && request.timeoutMs > 0 && request.timeoutMs <= 2 ** 31 - 1;
}
