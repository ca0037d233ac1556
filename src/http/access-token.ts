import { catchError, defer, from, isObservable, map, type Observable, of, take, throwError, throwIfEmpty } from 'rxjs';
import { accessTokenFailure } from '../errors/call-errors.js';

/** An access token, or a function called before each request that returns one. */
export type AccessTokenSource = string | (() => string | Promise<string> | Observable<string>);

/**
 * Reads the current token; each subscription calls the function again (it may have been
 * refreshed). Fails with `MiroAccessTokenError` (the client adds the call's route), or with the
 * source's own error when that is already a miro-rx error.
 */
export function accessToken$(source: AccessTokenSource): Observable<string> {
  return defer(() => {
    let token$: Observable<unknown>;
    try {
      const value = typeof source === 'function' ? source() : source;
      token$ = typeof value === 'string' ? of(value) : isObservable(value) ? value : from(value);
    } catch (error) {
      return throwError(() => accessTokenFailure('threw', error));
    }
    return token$.pipe(
      take(1),
      catchError((error: unknown) => throwError(() => accessTokenFailure('threw', error))),
      throwIfEmpty(() => accessTokenFailure('completed-empty')),
      map((token) => {
        if (typeof token !== 'string' || token.trim() === '') throw accessTokenFailure('empty-token');
        return token;
      }),
    );
  });
}
