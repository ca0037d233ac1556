import type { AxiosInstance } from 'axios';
import { catchError, concatMap, defer, map, type Observable, of, throwError } from 'rxjs';
import type { TokenInfoResponse } from '../generated/types.js';
import { MiroApiError } from '../errors/miro-errors.js';
import { redactToken } from '../errors/redact-token.js';
import { MiroApi } from '../miro-api.js';
import { DEFAULT_TIMEOUT_MS, type MiroApiOptions } from '../miro-api-options.js';
import { buildAuthUrl } from './auth-url.js';
import { parseCallback } from './callback.js';
import { InMemoryStorage } from './in-memory-storage.js';
import { type MiroConfig, type MiroOptions, resolveMiroConfig } from './miro-options.js';
import { verifyCallbackState, type ExchangeOptions, type MiroAuthRequest } from './callback-state.js';
import { createOAuthState, PendingStates } from './oauth-state.js';
import { refreshOnUnauthorized } from './refresh-on-unauthorized.js';
import { requestToken$ } from './token-endpoint.js';
import { createMiroAxios } from '../transport/miro-axios.js';
import { isUsable, type MiroTokenState } from './token-state.js';
import { UserTokens } from './user-tokens.js';

/**
 * The stateful half of the client: sends users to Miro to authorise the app, exchanges the
 * code for tokens, keeps them in a `Storage` and refreshes them. `as(userId)` gives a `MiroApi`
 * acting as that user. Every method returns a cold Observable (use `firstValueFrom` for a promise).
 *
 * @example
 * ```ts
 * const miro = new Miro(); // MIRO_CLIENT_ID, MIRO_CLIENT_SECRET, MIRO_REDIRECT_URL
 * // GET /login
 * const { url, state } = miro.createAuthRequest();
 * session.oauthState = state;
 * response.redirect(url);
 * // GET /callback?code=...&state=...
 * await firstValueFrom(miro.exchangeCodeForAccessToken(userId, request.url, { state: session.oauthState }));
 * const boards = await firstValueFrom(miro.as(userId).getBoards());
 * ```
 */
export class Miro {
  readonly #config: MiroConfig;
  readonly #api: MiroApiOptions;
  readonly #states: PendingStates;
  readonly #tokens: UserTokens;

  constructor(options: MiroOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('Miro: options must be an object');
    this.#config = resolveMiroConfig(options);
    // One axios instance for every user's client and the token calls: interceptors, agents and
    // keep-alive connections are the app's, not one set per user.
    const api = options.api ?? {};
    this.#api = { ...api, axios: api.axios ?? createMiroAxios() };
    this.#states = new PendingStates(this.#config.stateTtlMs);
    const storage = options.storage ?? new InMemoryStorage();
    if (typeof storage.get !== 'function' || typeof storage.set !== 'function') {
      throw new TypeError('Miro: storage must have get(userId) and set(userId, state) methods');
    }
    this.#tokens = new UserTokens(
      storage,
      this.#config.refreshMarginMs,
      (userId, state) => this.#tokenRequest$(userId, { grant_type: 'refresh_token', refresh_token: state.refreshToken }, state),
      () => [this.#config.clientSecret],
      this.#config.storageTimeoutMs,
    );
  }

  /**
   * A new authorisation URL with a fresh `state` each time it is read. The exchange needs that
   * state back: prefer {@link createAuthRequest}, which hands it to you.
   */
  get authUrl(): string {
    return this.getAuthUrl();
  }

  /**
   * Starts a login: a fresh unguessable `state` and the authorisation URL that carries it. Keep
   * `state` in the user's session and pass it to `exchangeCodeForAccessToken` when they return.
   * @param teamId Preselects the team to install the app in.
   */
  createAuthRequest(teamId?: string): MiroAuthRequest {
    const state = createOAuthState();
    return { url: this.getAuthUrl(state, teamId), state };
  }

  /**
   * The URL to send a user to so they authorise the app. The `state` (made with
   * `createOAuthState()` when omitted) is remembered for `stateTtlMs` and checked once on return.
   * @param teamId Preselects the team to install the app in.
   */
  getAuthUrl(state: string = createOAuthState(), teamId?: string): string {
    if (typeof state !== 'string' || state.length < 8) throw new TypeError('Miro.getAuthUrl: state must be a string of 8 characters or more');
    this.#states.remember(state);
    const { authBaseUrl, clientId, redirectUrl } = this.#config;
    return buildAuthUrl(authBaseUrl, { clientId, redirectUrl, state, teamId });
  }

  /**
   * Exchanges the code Miro sent back for tokens and stores them under `userId` (your app's key
   * for the user); emits the access token once the storage write has finished. Accepts the
   * callback URL, whose `state` must equal `options.state` (the one kept in the session), or
   * the bare code (verify the state yourself).
   */
  exchangeCodeForAccessToken(userId: string, urlOrCode: string, options: ExchangeOptions = {}): Observable<string> {
    return defer(() => {
      checkUserId('exchangeCodeForAccessToken', userId);
      const callback = parseCallback(urlOrCode, userId);
      if (callback.fromUrl) verifyCallbackState(this.#states, userId, callback.state, options);
      const form = { grant_type: 'authorization_code', code: callback.code, redirect_uri: this.#config.redirectUrl };
      return this.#tokenRequest$(userId, form).pipe(concatMap((state) => this.#tokens.store$(userId, state).pipe(map(() => state.accessToken))));
    });
  }

  /**
   * A `MiroApi` acting as the user. Its token is read from storage for each request, refreshed
   * when it is about to expire (one refresh per user however many calls wait), and refreshed
   * once more if Miro answers 401. Its credit budget is keyed by the user.
   */
  as(userId: string): MiroApi {
    checkUserId('as', userId);
    const options = this.#apiOptions(userId);
    return new MiroApi(() => this.#tokens.accessToken$(userId), {
      ...options,
      interceptors: [...(options.interceptors ?? []), refreshOnUnauthorized(this.#tokens, userId)],
    });
  }

  /** Whether a usable token is stored for the user (one that works now or can be refreshed). */
  isAuthorized(userId: string): Observable<boolean> {
    return defer(() => {
      checkUserId('isAuthorized', userId);
      return this.#tokens.current$(userId).pipe(map((state) => state !== undefined && isUsable(state)));
    });
  }

  /** Miro's information about the user's token: user, team, organisation and scopes. */
  tokenInfo(userId: string): Observable<TokenInfoResponse> {
    return defer(() => this.as(userId).tokenInfo());
  }

  /**
   * Revokes the user's token at Miro (the v2 endpoint) and deletes it from storage; emits once
   * when done. A token Miro no longer knows (404), or one expired with no refresh token, is
   * deleted as well; a user with no stored token completes at once.
   */
  revokeToken(userId: string): Observable<void> {
    return defer(() => {
      checkUserId('revokeToken', userId);
      return this.#tokens.current$(userId);
    }).pipe(
      concatMap((state) => {
        if (!state) return of(undefined);
        // Expired beyond refresh: Miro no longer honours it, so there is nothing left to revoke.
        if (!isUsable(state)) return this.#tokens.forget$(userId);
        // Revoke the current token, refreshed if it expired, so Miro recognises it.
        return this.#tokens.accessToken$(userId).pipe(
          concatMap((accessToken) =>
            new MiroApi(accessToken, this.#apiOptions(userId))
              .revokeTokenV2({ accessToken, clientId: this.#config.clientId, clientSecret: this.#config.clientSecret })
              .pipe(
                catchError((error: unknown) =>
                  error instanceof MiroApiError && error.status === 404
                    ? of(undefined)
                    : // The body carried the client secret: a server echoing it must not put it in the error.
                      throwError(() => redactToken(error, [this.#config.clientSecret, accessToken])),
                ),
              ),
          ),
          concatMap(() => this.#tokens.forget$(userId)),
        );
      }),
      map(() => undefined),
    );
  }

  /**
   * Options of the user's clients: the app's `api` options on this instance's URLs. Miro's budget
   * belongs to a user in an app, so the limiter is keyed by both (a client id is no secret).
   */
  #apiOptions(userId: string): MiroApiOptions {
    const api = this.#api;
    return {
      ...api,
      baseUrl: api.baseUrl ?? this.#config.apiBaseUrl,
      scimBaseUrl: api.scimBaseUrl ?? `${this.#config.authBaseUrl}/api/v1/scim`,
      rateLimit: api.rateLimit === false ? false : { ...api.rateLimit, key: `app:${this.#config.clientId}:user:${userId}` },
    };
  }

  #tokenRequest$(userId: string, grant: Record<string, string>, previous?: MiroTokenState): Observable<MiroTokenState> {
    return requestToken$({
      axios: this.#api.axios as AxiosInstance,
      apiBaseUrl: this.#config.apiBaseUrl,
      timeoutMs: this.#api.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxResponseBytes: this.#api.maxResponseBytes,
      form: { ...grant, client_id: this.#config.clientId, client_secret: this.#config.clientSecret },
      userId,
      previous,
      logger: this.#api.logger,
    });
  }
}

function checkUserId(method: string, userId: unknown): void {
  if (typeof userId !== 'string' || userId.trim() === '') throw new TypeError(`Miro.${method}: userId must be a non-empty string`);
}
