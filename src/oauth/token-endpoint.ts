import type { AxiosInstance } from 'axios';
import { defer, map, type Observable, tap } from 'rxjs';
import { invalidTokenResponse, tokenResponseErrors, type TokenGrant } from '../errors/error-factory.js';
import { NOT_ABORTED, type SendableRequest } from '../http/miro-request.js';
import type { MiroLogger } from '../http/request-log.js';
import { maxResponseBytesOption } from '../transport/response-size.js';
import { sendRequest$ } from '../transport/send-request.js';
import type { MiroTokenState } from './token-state.js';

/** One call to Miro's token endpoint (it is not in the OpenAPI document, so it has its own path). */
export interface TokenRequest {
  /** The axios instance the API clients send with; token calls go the same way (same proxy, agents, adapter). */
  axios: AxiosInstance;
  apiBaseUrl: string;
  timeoutMs: number;
  /** The API clients' `maxResponseBytes`; a token response is held to it too, and never past 1 MB. */
  maxResponseBytes?: number;
  /** Form fields, secrets included: they travel in the body, never in the URL. */
  form: Record<string, string>;
  /** The user the call is for (the app's key), for error messages. */
  userId: string;
  /** The state being refreshed, whose refresh token is kept when Miro sends no new one. */
  previous?: MiroTokenState;
  logger?: MiroLogger;
}

export const TOKEN_PATH = '/v1/oauth/token';
const TOKEN_OPERATION = { operationId: 'oauth-token', emptyResponse: false, successMayBeEmpty: false } as const;
/** A token response is well under 2 KB: anything past 1 MB (after decompression) is not one. */
export const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

/**
 * POSTs an `application/x-www-form-urlencoded` form to `/v1/oauth/token` through the API calls'
 * axios instance (its size cap, timeout, cancellation and proxy handling) and reads the response into
 * a `MiroTokenState`. Cold; unsubscribing aborts. Never retried: a code is single-use and a
 * rotated refresh token is spent once Miro has seen it, so a blind retry could only fail.
 */
export function requestToken$(call: TokenRequest): Observable<MiroTokenState> {
  return defer(() => {
    const grant: TokenGrant = {
      grantType: call.form.grant_type ?? 'unknown',
      userId: call.userId,
      secrets: Object.values(call.form).filter((value) => value !== call.form.grant_type),
    };
    // Checked before the 1 MB ceiling, so a value MiroApi refuses is refused here too.
    const maxResponseBytes = Math.min(MAX_TOKEN_RESPONSE_BYTES, maxResponseBytesOption(call.maxResponseBytes));
    const settings = { maxResponseBytes, responseErrors: tokenResponseErrors(grant) };
    const started = Date.now();
    const log = (outcome: string) => call.logger?.(`POST ${TOKEN_PATH} ${outcome} ${Date.now() - started}ms oauth-token ${grant.grantType}`);
    return sendRequest$(call.axios, tokenRequest(call), settings).pipe(
      tap({ next: (response) => log(String(response.status)), error: (error: { status?: unknown }) => log(String(error?.status ?? 'error')) }),
      map((response) => {
        const state = tokenStateFromResponse(response.body, call.previous, Date.now());
        if (typeof state === 'string') throw invalidTokenResponse(response.status, state, grant);
        return state;
      }),
    );
  });
}

function tokenRequest(call: TokenRequest): SendableRequest {
  return {
    operation: TOKEN_OPERATION,
    method: 'POST',
    url: `${call.apiBaseUrl}${TOKEN_PATH}`,
    path: TOKEN_PATH,
    body: new URLSearchParams(call.form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    timeoutMs: call.timeoutMs,
    signal: NOT_ABORTED,
    attempt: 1,
  };
}

/** Reads the token endpoint's JSON response; a string names what is wrong with it. */
export function tokenStateFromResponse(body: unknown, previous: MiroTokenState | undefined, now: number): MiroTokenState | string {
  if (!body || typeof body !== 'object') return 'the response is not a JSON object';
  const fields = body as Record<string, unknown>;
  if (typeof fields.access_token !== 'string' || fields.access_token === '') return 'access_token is missing';
  const expiresIn = fields.expires_in === undefined ? undefined : Number(fields.expires_in);
  if (expiresIn !== undefined && !(Number.isFinite(expiresIn) && expiresIn > 0)) return 'expires_in is not a positive number';
  const text = (key: string) => (typeof fields[key] === 'string' || typeof fields[key] === 'number' ? String(fields[key]) : undefined);
  const refreshToken = text('refresh_token') ?? previous?.refreshToken;
  return {
    accessToken: fields.access_token,
    ...(refreshToken !== undefined && { refreshToken }),
    ...(expiresIn !== undefined && { expiresAt: now + expiresIn * 1000 }),
    userId: text('user_id') ?? previous?.userId ?? '',
    teamId: text('team_id') ?? previous?.teamId ?? '',
    scope: text('scope') ?? previous?.scope ?? '',
    ...(text('token_type') !== undefined && { tokenType: text('token_type') }),
  };
}
