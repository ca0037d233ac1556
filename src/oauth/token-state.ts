/**
 * What miro-rx stores for one user after the OAuth flow. It holds secrets (the access and
 * refresh tokens): keep it in a store you would trust with a password.
 */
export interface MiroTokenState {
  /** The Bearer token sent with every call. */
  accessToken: string;
  /** Exchanged for a new access token when it expires; absent for tokens that never expire. */
  refreshToken?: string;
  /** When the access token expires, in epoch milliseconds; absent for tokens that never expire. */
  expiresAt?: number;
  /** Miro's id of the user who authorised the app. */
  userId: string;
  /** Miro's id of the team the app was installed in. */
  teamId: string;
  /** Scopes granted, space separated, e.g. `boards:read boards:write`. */
  scope: string;
  /** Usually `bearer`. */
  tokenType?: string;
}

/** True when the access token expires within `marginMs` (or already has). */
export function isExpiring(state: MiroTokenState, marginMs: number, now = Date.now()): boolean {
  return state.expiresAt !== undefined && state.expiresAt - now <= marginMs;
}

/** True when the state can still produce a working access token (now or after a refresh). */
export function isUsable(state: MiroTokenState, now = Date.now()): boolean {
  return state.refreshToken !== undefined || state.expiresAt === undefined || state.expiresAt > now;
}

/** Checks the shape of what a `Storage` returned; the reason names the bad field, never its value. */
export function tokenStateProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return 'it is not an object';
  const state = value as Record<string, unknown>;
  if (typeof state.accessToken !== 'string' || state.accessToken === '') return 'accessToken is missing';
  if (state.refreshToken !== undefined && typeof state.refreshToken !== 'string') return 'refreshToken is not a string';
  if (state.expiresAt !== undefined && !Number.isFinite(state.expiresAt)) return 'expiresAt is not a number';
  return undefined;
}
