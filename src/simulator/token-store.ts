import { randomBytes } from 'node:crypto';
import { unauthorized, type SimulatorHttpError } from './miro-errors.js';

/** What the simulator knows about one access token. Never logged: only `userId` is. */
export interface AccessTokenRecord {
  userId: string;
  teamId: string;
  scopes: string;
  /** Epoch ms; undefined for tokens that never expire (static ones). */
  expiresAt?: number;
  revoked: boolean;
  /** OAuth app that obtained it, if any. */
  clientId?: string;
  createdAt: number;
}

/** Team every simulated user belongs to. */
export const SIMULATOR_TEAM_ID = 'team-1';
export const SIMULATOR_SCOPES = 'boards:read boards:write identity:read team:read';

/**
 * Access tokens the simulator accepts: static ones from the options and those issued by its
 * OAuth endpoints or `state.issueToken`. Credits belong to the user, so two tokens of the same
 * user share one budget.
 */
export class TokenStore {
  readonly #tokens = new Map<string, AccessTokenRecord>();

  constructor(
    private readonly now: () => number,
    readonly defaultTtlSeconds: number,
  ) {}

  addStatic(token: string, userId: string): void {
    if (typeof token !== 'string' || token === '') throw new TypeError('tokens: every token must be a non-empty string');
    this.#tokens.set(token, { userId, teamId: SIMULATOR_TEAM_ID, scopes: SIMULATOR_SCOPES, revoked: false, createdAt: this.now() });
  }

  /** Issues a new access token; `expiresInSeconds` 0 or less makes it expire at once. */
  issue(userId: string, options: { expiresInSeconds?: number; clientId?: string } = {}): string {
    const token = `sim-at-${randomBytes(18).toString('base64url')}`;
    const ttl = options.expiresInSeconds ?? this.defaultTtlSeconds;
    this.#tokens.set(token, {
      userId,
      teamId: SIMULATOR_TEAM_ID,
      scopes: SIMULATOR_SCOPES,
      expiresAt: this.now() + ttl * 1000,
      revoked: false,
      clientId: options.clientId,
      createdAt: this.now(),
    });
    return token;
  }

  /** The record of a usable token, or the 401 to answer. */
  resolve(token: string | undefined): AccessTokenRecord | SimulatorHttpError {
    if (!token) return unauthorized('tokenNotProvided', 'No access token was provided: send Authorization: Bearer <token>');
    const record = this.#tokens.get(token);
    if (!record) return unauthorized('tokenNotFound', 'The access token is not valid');
    if (record.revoked) return unauthorized('tokenRevoked', 'The access token has been revoked');
    if (record.expiresAt !== undefined && record.expiresAt <= this.now()) {
      return unauthorized('tokenExpired', 'The access token has expired');
    }
    return record;
  }

  /** Revokes a token; false when it was unknown. */
  revoke(token: string): boolean {
    const record = this.#tokens.get(token);
    if (!record) return false;
    record.revoked = true;
    return true;
  }

  record(token: string): AccessTokenRecord | undefined {
    return this.#tokens.get(token);
  }
}
