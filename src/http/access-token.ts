import { defer, from, isObservable, map, type Observable, of, take, throwIfEmpty } from 'rxjs';
import { MiroError } from '../errors/miro-errors.js';

/** An access token, or a function called before each request that returns one. */
export type AccessTokenSource = string | (() => string | Promise<string> | Observable<string>);

/** Reads the current token; each subscription calls the function again (it may have been refreshed). */
export function accessToken$(source: AccessTokenSource): Observable<string> {
  return defer(() => {
    const value = typeof source === 'function' ? source() : source;
    const token$ = typeof value === 'string' ? of(value) : isObservable(value) ? value : from(value);
    return token$.pipe(
      take(1),
      throwIfEmpty(() => new MiroError('the access token source completed without a token')),
      map((token) => {
        if (typeof token !== 'string' || token.trim() === '') throw new MiroError('the access token is missing or empty');
        return token;
      }),
    );
  });
}
