import { randomBytes } from 'node:crypto';
import type { SimulatorOAuthClient } from './types.js';
import { SIMULATOR_SCOPES, SIMULATOR_TEAM_ID, type TokenStore } from './token-store.js';
import { SimulatorHttpError } from './miro-errors.js';

/** The token endpoint's answer, as Miro's. */
export interface TokenAnswer {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  user_id: string;
  team_id: string;
  scope: string;
  token_type: 'bearer';
}

const CODE_TTL_MS = 10 * 60_000;

/** An OAuth failure: Miro's error body plus the RFC 6749 `error` code OAuth libraries look for. */
export function oauthError(status: number, error: string, message: string): SimulatorHttpError {
  return new SimulatorHttpError(status, error, message, null, { error, error_description: message });
}

/**
 * Authorization codes and refresh tokens of the simulator's OAuth endpoints. Codes are single
 * use; refresh tokens rotate (using one invalidates it); both are bound to the app they were
 * issued to, and tokens keep their user, so a refreshed token spends the same budget.
 */
export class OAuthGrants {
  readonly #clients = new Map<string, SimulatorOAuthClient>();
  readonly #codes = new Map<string, { clientId: string; redirectUri: string; userId: string; expiresAt: number }>();
  readonly #refreshTokens = new Map<string, { clientId: string; userId: string }>();

  constructor(
    clients: readonly SimulatorOAuthClient[],
    private readonly tokens: TokenStore,
    private readonly now: () => number,
  ) {
    for (const client of clients) this.#clients.set(client.clientId, client);
  }

  /** The registered app, checking the redirect URI when given. */
  client(clientId: string | undefined, redirectUri?: string): SimulatorOAuthClient {
    const client = clientId ? this.#clients.get(clientId) : undefined;
    if (!client) throw oauthError(400, 'invalid_client', `client_id ${JSON.stringify(clientId ?? '')} is not a registered app`);
    if (redirectUri !== undefined && redirectUri !== client.redirectUri) {
      throw oauthError(400, 'invalid_request', 'redirect_uri does not match the one registered for this app');
    }
    return client;
  }

  /** Checks client_id and client_secret; the secret is never echoed back. */
  authenticate(clientId: string | undefined, clientSecret: string | undefined): SimulatorOAuthClient {
    const client = this.client(clientId);
    if (clientSecret !== client.clientSecret) throw oauthError(401, 'invalid_client', 'client authentication failed');
    return client;
  }

  issueCode(clientId: string, redirectUri: string, userId: string): string {
    const code = `sim-code-${randomBytes(12).toString('base64url')}`;
    this.#codes.set(code, { clientId, redirectUri, userId, expiresAt: this.now() + CODE_TTL_MS });
    return code;
  }

  redeemCode(code: string | undefined, clientId: string, redirectUri: string | undefined): TokenAnswer {
    const grant = code ? this.#codes.get(code) : undefined;
    if (code) this.#codes.delete(code);
    if (!grant || grant.expiresAt <= this.now() || grant.clientId !== clientId) {
      throw oauthError(400, 'invalid_grant', 'the authorization code is unknown, expired, already used or issued to another app');
    }
    if (redirectUri !== grant.redirectUri) throw oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
    return this.issueTokens(grant.userId, clientId);
  }

  refresh(refreshToken: string | undefined, clientId: string): TokenAnswer {
    const grant = refreshToken ? this.#refreshTokens.get(refreshToken) : undefined;
    if (!grant || grant.clientId !== clientId) throw oauthError(400, 'invalid_grant', 'the refresh token is unknown, already used or issued to another app');
    this.#refreshTokens.delete(refreshToken!);
    return this.issueTokens(grant.userId, clientId);
  }

  issueTokens(userId: string, clientId: string): TokenAnswer {
    const accessToken = this.tokens.issue(userId, { clientId });
    const refreshToken = `sim-rt-${randomBytes(18).toString('base64url')}`;
    this.#refreshTokens.set(refreshToken, { clientId, userId });
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: this.tokens.defaultTtlSeconds,
      user_id: userId,
      team_id: SIMULATOR_TEAM_ID,
      scope: SIMULATOR_SCOPES,
      token_type: 'bearer',
    };
  }
}
