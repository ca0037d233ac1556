import { isObservable, type Observable, type Unsubscribable } from 'rxjs';
import { accessTokenFailure } from '../errors/call-errors.js';

/** An access token, or a function called before each request that returns one. */
export type AccessTokenSource = string | (() => string | Promise<string> | Observable<string>);

/**
 * Reads the current token for one attempt: a function is asked again each time (the token may
 * have been refreshed), and an Observable's first value is taken. Rejects with
 * `MiroAccessTokenError` (the client adds the call's route), with the source's own error when
 * that is already a miro-rx error, or with `timedOut()` when the source has not answered within
 * `timeoutMs` (0: no bound). Plain promises and timers, not operators: this runs before every
 * attempt, and it keeps rxjs's schedulers out of a browser bundle.
 */
export function readAccessToken(source: AccessTokenSource, timeoutMs: number, timedOut: () => unknown): Promise<string> {
  let value: unknown;
  try {
    value = typeof source === 'function' ? source() : source;
  } catch (error) {
    return Promise.reject(accessTokenFailure('threw', error));
  }
  if (typeof value === 'string') return isUsableToken(value) ? Promise.resolve(value) : Promise.reject(accessTokenFailure('empty-token'));
  return new Promise<string>((resolve, reject) => {
    let settled = false;
    let subscription: Unsubscribable | undefined;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      subscription?.unsubscribe();
      settle();
    };
    const timer = timeoutMs > 0 ? setTimeout(() => finish(() => reject(timedOut())), timeoutMs) : undefined;
    const accept = (token: unknown) => finish(() => (isUsableToken(token) ? resolve(token) : reject(accessTokenFailure('empty-token'))));
    const fail = (error: unknown) => finish(() => reject(accessTokenFailure('threw', error)));
    if (!isObservable(value)) return void Promise.resolve(value).then(accept, fail);
    subscription = value.subscribe({ next: accept, error: fail, complete: () => finish(() => reject(accessTokenFailure('completed-empty'))) });
    // An Observable that answered while subscribing is released now that its subscription exists.
    if (settled) subscription.unsubscribe();
  });
}

/** A token worth sending: a string with something in it besides spaces. */
export function isUsableToken(token: unknown): token is string {
  return typeof token === 'string' && token.trim() !== '';
}
