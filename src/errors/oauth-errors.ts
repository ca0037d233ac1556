import { MiroError } from './miro-errors.js';

/** Why an OAuth step failed. */
export type MiroOAuthErrorReason =
  /** `clientId`, `clientSecret` or `redirectUrl` is missing or malformed. */
  | 'configuration'
  /** The user (or Miro) refused: the callback carried `error=`. */
  | 'authorization-denied'
  /** The callback URL carries neither a code nor an error, or the code is malformed. */
  | 'invalid-callback'
  /** The callback's `state` is missing, unknown, already used or expired (possible CSRF). */
  | 'state-mismatch'
  /** The token endpoint refused the code or the refresh token. */
  | 'token-refused'
  /** The token endpoint answered 2xx with something that is not a token. */
  | 'invalid-token-answer'
  /** No usable token is stored for the user: authorise the app (again). */
  | 'not-authorized';

/** Fields of a `MiroOAuthError`; none of them ever holds a secret. */
export interface MiroOAuthErrorDetails {
  reason: MiroOAuthErrorReason;
  /** The OAuth error code from Miro, e.g. `access_denied`, `invalid_grant`. */
  oauthError?: string;
  /** HTTP status of the token endpoint's answer, when there was one. */
  status?: number;
  /** The user the operation was for (the key your app uses in `Storage`). */
  userId?: string;
  /** `authorization_code` or `refresh_token` for token endpoint failures. */
  grantType?: string;
}

/**
 * An OAuth step failed. Messages name what went wrong and what to do; no token, refresh token,
 * client secret or authorization code is ever part of this error.
 */
export class MiroOAuthError extends MiroError {
  override name = 'MiroOAuthError';
  readonly reason: MiroOAuthErrorReason;
  readonly oauthError?: string;
  readonly status?: number;
  readonly userId?: string;
  readonly grantType?: string;

  constructor(message: string, details: MiroOAuthErrorDetails) {
    super(message);
    this.reason = details.reason;
    this.oauthError = details.oauthError;
    this.status = details.status;
    this.userId = details.userId;
    this.grantType = details.grantType;
  }
}

/**
 * The app's `Storage` failed. On a failed `set`, what was stored before is still stored (the
 * write replaces the whole state or nothing). `cause` is a copy of the storage's error with
 * every secret redacted.
 */
export class MiroStorageError extends MiroError {
  override name = 'MiroStorageError';
  /** Set when the storage did not answer within `storageTimeoutMs` (this many milliseconds). */
  declare readonly timeoutMs?: number;

  constructor(
    /** Which storage method failed: `lock` is `lockRefresh`, the cross-process refresh lock. */
    readonly action: 'get' | 'set' | 'lock',
    readonly userId: string,
    cause: Error,
    timeoutMs?: number,
  ) {
    super(
      action === 'get'
        ? `could not read the tokens of user ${userId} from storage: ${cause.message}`
        : action === 'lock'
          ? `could not take the refresh lock of user ${userId} (no refresh was sent): ${cause.message}`
          : `could not write the tokens of user ${userId} to storage (the previous state is unchanged): ${cause.message}`,
    );
    Object.defineProperty(this, 'cause', { value: cause, enumerable: false, writable: true, configurable: true });
    if (timeoutMs !== undefined) (this as { timeoutMs?: number }).timeoutMs = timeoutMs;
  }
}
