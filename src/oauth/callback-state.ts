import { MiroOAuthError } from '../errors/oauth-errors.js';
import { type PendingStates, sameState } from './oauth-state.js';

/** Options of `exchangeCodeForAccessToken`. */
export interface ExchangeOptions {
  /**
   * The `state` you kept in the user's session when the login started (from
   * {@link Miro.createAuthRequest}, or the one you passed to `getAuthUrl`). Required with a
   * callback URL: the callback's state must equal it, which binds the callback to the browser
   * that started the login.
   */
  state?: string;
  /**
   * Opt-in, unsafe for web apps: accept, instead of the session's state, any state this instance
   * put into an authorisation URL (used once, within `stateTtlMs`). An attacker can then complete
   * their own login inside a victim's session (login CSRF). Only for a single-user process with
   * no sessions, such as a CLI that opens the browser itself.
   */
  acceptAnyIssuedState?: boolean;
}

/** One login: the URL to send the user to, and the `state` to keep in their session until they return. */
export interface MiroAuthRequest {
  readonly url: string;
  readonly state: string;
}

/**
 * Binds a callback to the login that started it. The callback's state must equal the one the
 * caller kept in the user's session; accepting any state the instance issued instead is opt-in,
 * because an attacker's own callback carries such a state too.
 */
export function verifyCallbackState(states: PendingStates, userId: string, received: string | undefined, options: ExchangeOptions): void {
  const fail = (why: string) => {
    throw new MiroOAuthError(`the callback's state ${why}; the login may have been forged (CSRF): start it again`, {
      reason: 'state-mismatch',
      userId,
    });
  };
  if (options === null || typeof options !== 'object') throw new TypeError('Miro.exchangeCodeForAccessToken: options must be an object');
  const { state: expected, acceptAnyIssuedState } = options;
  if (expected !== undefined && (typeof expected !== 'string' || expected === '')) {
    throw new TypeError('Miro.exchangeCodeForAccessToken: options.state must be the non-empty state kept in the session');
  }
  if (received === undefined || received === '') return fail('is missing');
  if (expected !== undefined) {
    if (!sameState(received, expected)) fail('does not match the one kept in the session');
    // Used once here too, when this instance issued it.
    states.consume(received);
  } else if (acceptAnyIssuedState === true) {
    if (!states.consume(received)) fail('was not issued by this Miro instance, was already used, or has expired');
  } else {
    throw new MiroOAuthError(
      "exchangeCodeForAccessToken needs { state }: the state kept in the user's session when the login started (createAuthRequest() returns it); without it the callback cannot be bound to this user's browser (login CSRF)",
      { reason: 'state-mismatch', userId },
    );
  }
}
