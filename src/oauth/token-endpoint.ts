import type { AxiosInstance } from 'axios';
import { Observable } from 'rxjs';
import type { RequestContext } from '../errors/miro-errors.js';
import { errorFromFailure } from '../errors/error-factory.js';
import type { MiroLogger } from '../http/request-log.js';
import { MiroOAuthError } from '../errors/oauth-errors.js';
import { redactSecrets } from '../errors/redact-token.js';
import type { MiroTokenState } from './token-state.js';
import { RAW_EXCHANGE } from '../transport/axios-transport.js';
import { tooLargeError } from '../transport/response-size.js';

/** One call to Miro's token endpoint (it is not in the OpenAPI document, so it has its own path). */
export interface TokenRequest {
  client: AxiosInstance;
  apiBaseUrl: string;
  timeoutMs: number;
  /** Form fields, secrets included: they travel in the body, never in the URL. */
  form: Record<string, string>;
  /** The user the call is for (the app's key), for error messages. */
  userId: string;
  /** The state being refreshed, whose refresh token is kept when Miro sends no new one. */
  previous?: MiroTokenState;
  logger?: MiroLogger;
}

export const TOKEN_PATH = '/v1/oauth/token';
const CONTEXT: RequestContext = { operationId: 'oauth-token', method: 'POST', path: TOKEN_PATH, attempts: 1 };
/** A token answer is well under 2 KB: anything past 1 MB (after decompression) is not one. */
export const MAX_TOKEN_ANSWER_BYTES = 1024 * 1024;

/**
 * POSTs an `application/x-www-form-urlencoded` form to `/v1/oauth/token` and reads the answer
 * into a `MiroTokenState`. Cold; unsubscribing aborts. Never retried: a code is single-use and a
 * rotated refresh token is spent once Miro has seen it, so a blind retry could only fail.
 */
export function requestToken$(request: TokenRequest): Observable<MiroTokenState> {
  return new Observable<MiroTokenState>((subscriber) => {
    const controller = new AbortController();
    const grantType = request.form.grant_type ?? 'unknown';
    const secrets = Object.values(request.form).filter((value) => value !== request.form.grant_type);
    const started = Date.now();
    const log = (outcome: string) => request.logger?.(`POST ${TOKEN_PATH} ${outcome} ${Date.now() - started}ms oauth-token ${grantType}`);
    let settled = false;
    request.client
      .request<string>({
        method: 'POST',
        url: `${request.apiBaseUrl}${TOKEN_PATH}`,
        data: new URLSearchParams(request.form).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        timeout: request.timeoutMs,
        signal: controller.signal,
        maxContentLength: MAX_TOKEN_ANSWER_BYTES,
        ...RAW_EXCHANGE,
      })
      .then(
        (response) => {
          settled = true;
          log(String(response.status));
          const body = parseJson(response.data);
          if (response.status < 200 || response.status >= 300) {
            return subscriber.error(refusal(response.status, body, grantType, request.userId, secrets));
          }
          const state = tokenStateFromAnswer(body, request.previous, Date.now());
          if (typeof state === 'string') {
            return subscriber.error(
              new MiroOAuthError(`the token endpoint answered ${response.status} without a usable token: ${state}`, {
                reason: 'invalid-token-answer',
                status: response.status,
                userId: request.userId,
                grantType,
              }),
            );
          }
          subscriber.next(state);
          subscriber.complete();
        },
        (failure: unknown) => {
          settled = true;
          log('error');
          // Only the error code is kept: axios errors carry the request, whose body holds secrets.
          subscriber.error(tooLargeError(CONTEXT, MAX_TOKEN_ANSWER_BYTES, failure) ?? errorFromFailure(CONTEXT, request.timeoutMs, failure));
        },
      );
    return () => {
      if (!settled) controller.abort();
    };
  });
}

/** Reads the token endpoint's JSON answer; a string names what is wrong with it. */
export function tokenStateFromAnswer(body: unknown, previous: MiroTokenState | undefined, now: number): MiroTokenState | string {
  if (!body || typeof body !== 'object') return 'the answer is not a JSON object';
  const answer = body as Record<string, unknown>;
  if (typeof answer.access_token !== 'string' || answer.access_token === '') return 'access_token is missing';
  const expiresIn = answer.expires_in === undefined ? undefined : Number(answer.expires_in);
  if (expiresIn !== undefined && !(Number.isFinite(expiresIn) && expiresIn > 0)) return 'expires_in is not a positive number';
  const text = (key: string) => (typeof answer[key] === 'string' || typeof answer[key] === 'number' ? String(answer[key]) : undefined);
  const refreshToken = text('refresh_token') ?? previous?.refreshToken;
  return {
    accessToken: answer.access_token,
    ...(refreshToken !== undefined && { refreshToken }),
    ...(expiresIn !== undefined && { expiresAt: now + expiresIn * 1000 }),
    userId: text('user_id') ?? previous?.userId ?? '',
    teamId: text('team_id') ?? previous?.teamId ?? '',
    scope: text('scope') ?? previous?.scope ?? '',
    ...(text('token_type') !== undefined && { tokenType: text('token_type') }),
  };
}

function refusal(status: number, body: unknown, grantType: string, userId: string, secrets: string[]): MiroOAuthError {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const text = (key: string) => (typeof fields[key] === 'string' ? redactSecrets(fields[key] as string, secrets).slice(0, 200) : undefined);
  const oauthError = text('error') ?? text('code');
  const description = text('error_description') ?? text('message');
  const what = grantType === 'refresh_token' ? 'refresh token' : 'authorization code';
  const detail = [oauthError, description].filter(Boolean).join(': ');
  const hint = status === 400 || status === 401 ? '; the user must authorise the app again' : '';
  return new MiroOAuthError(`the token endpoint refused the ${what} (${status}${detail ? ` ${detail}` : ''})${hint}`, {
    reason: 'token-refused',
    oauthError,
    status,
    userId,
    grantType,
  });
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
