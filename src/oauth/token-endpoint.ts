import { defer, map, type Observable, tap } from 'rxjs';
import { invalidTokenAnswer, tokenAnswerErrors, type TokenGrant } from '../errors/error-factory.js';
import { NOT_ABORTED } from '../http/miro-request.js';
import type { MiroLogger } from '../http/request-log.js';
import { defaultTransport, type TransportSetting } from '../transport/default-transport.js';
import type { ExchangeRequest } from '../transport/exchange-request.js';
import { maxResponseBytesOption } from '../transport/response-size.js';
import type { MiroTokenState } from './token-state.js';

/** One call to Miro's token endpoint (it is not in the OpenAPI document, so it has its own path). */
export interface TokenRequest {
  /** How the API clients send; token calls go the same way (same proxy, agents, transport). */
  client: TransportSetting;
  apiBaseUrl: string;
  timeoutMs: number;
  /** The API clients' `maxResponseBytes`; a token answer is held to it too, and never past 1 MB. */
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
const TOKEN_OPERATION = { operationId: 'oauth-token', emptyResponse: false } as const;
/** A token answer is well under 2 KB: anything past 1 MB (after decompression) is not one. */
export const MAX_TOKEN_ANSWER_BYTES = 1024 * 1024;

/**
 * POSTs an `application/x-www-form-urlencoded` form to `/v1/oauth/token` through the API calls'
 * transport (its size cap, timeout, cancellation and proxy handling) and reads the answer into
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
    const maxResponseBytes = Math.min(MAX_TOKEN_ANSWER_BYTES, maxResponseBytesOption(call.maxResponseBytes));
    const send = defaultTransport(call.client, { maxResponseBytes, answerErrors: tokenAnswerErrors(grant) });
    const started = Date.now();
    const log = (outcome: string) => call.logger?.(`POST ${TOKEN_PATH} ${outcome} ${Date.now() - started}ms oauth-token ${grant.grantType}`);
    return send(tokenExchange(call)).pipe(
      tap({ next: (answer) => log(String(answer.status)), error: (error: { status?: unknown }) => log(String(error?.status ?? 'error')) }),
      map((answer) => {
        const state = tokenStateFromAnswer(answer.body, call.previous, Date.now());
        if (typeof state === 'string') throw invalidTokenAnswer(answer.status, state, grant);
        return state;
      }),
    );
  });
}

function tokenExchange(call: TokenRequest): ExchangeRequest {
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
