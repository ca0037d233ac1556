import {
  INVALID_RESPONSE_BODY,
  MiroApiError,
  MiroError,
  MiroNetworkError,
  MiroRateLimitError,
  MiroResponseTooLargeError,
  MiroTimeoutError,
  type RequestContext,
} from './miro-errors.js';
import { MiroOAuthError } from './oauth-errors.js';
import { LIMITER_CLOSED, MiroCreditBudgetError, MiroCreditWaitTimeoutError } from './credit-errors.js';
import { parseRateLimitHeaders, parseRetryAfter } from '../http/rate-limit-headers.js';
import type { SendableRequest } from '../http/miro-request.js';
import type { HeaderReader } from '../http/response-headers.js';
import { bodySecrets, querySecrets, redactSecrets, redactToken } from './redact-token.js';
import { isCancel } from 'axios';
import type { MiroCall } from '../transport/miro-call.js';
import { headerReader } from '../http/response-headers.js';

/**
 * The one place where answers and failures become miro-rx errors: an HTTP answer with an error
 * status, a success whose body is broken, a transport failure (network, timeout, abort, size
 * cap), a token source that does not answer, and the OAuth token endpoint's answers. Nothing
 * else in miro-rx constructs these errors (test/errors/error-factory.test.ts checks it).
 */

export function requestContext(request: SendableRequest): RequestContext {
  return { operationId: request.operation.operationId, method: request.method, path: request.path, attempts: request.attempt };
}

/** axios error code of a 2xx response whose body cannot be the operation's (transport/response-body.ts). */
export const UNUSABLE_BODY = 'ERR_MIRO_UNUSABLE_BODY';
/** axios error code of a response longer than `maxResponseBytes`, stopped by miro-rx rather than the adapter. */
export const BODY_TOO_LARGE = 'ERR_MIRO_BODY_TOO_LARGE';

/**
 * How a response its caller cannot use is worded: `refused` for a status outside 2xx (`body`
 * parsed when it was JSON), `invalid` for a 2xx whose body is not what was asked for. API
 * operations get `API_RESPONSE_ERRORS`; the token endpoint speaks OAuth (`tokenResponseErrors`).
 */
export interface ResponseErrors {
  refused(request: SendableRequest, status: number, header: HeaderReader, body: unknown): MiroError;
  invalid(request: SendableRequest, status: number, header: HeaderReader, why: string): MiroError;
}

export const API_RESPONSE_ERRORS: ResponseErrors = { refused: errorFromResponse, invalid: invalidResponseBody };

/**
 * What a call fails with, from whatever axios rejected it with: a refusal of the limiter or of
 * the token source (already a miro-rx error), a response with an error status or an unusable
 * body, the attempt's timeout, an abort, the size cap, a network error. Every secret the call
 * carried (its tokens, a token in its query or body) is redacted from it.
 */
export function errorFromAxios(failure: unknown, call: MiroCall): MiroError {
  const request = call.current;
  const error = miroErrorOf(failure, call);
  error.attempts = Math.max(1, call.attempt);
  return redactToken(error, [...call.tokens, ...querySecrets(request.url), ...bodySecrets(request.body)]);
}

function miroErrorOf(failure: unknown, call: MiroCall): MiroError {
  if (failure instanceof MiroError) return failure;
  const request = call.current;
  const { code, response, why } = (failure ?? {}) as { code?: unknown; why?: string; response?: { status?: unknown; headers?: unknown; data?: unknown } };
  const { responseErrors, maxResponseBytes } = call.settings;
  if (isTooLarge(failure)) return responseTooLarge(requestContext(request), maxResponseBytes);
  if (response && typeof response.status === 'number') {
    const header = headerReader(response.headers);
    if (code === UNUSABLE_BODY) return responseErrors.invalid(request, response.status, header, why ?? 'response body is unusable');
    return responseErrors.refused(request, response.status, header, response.data);
  }
  if (isCancel(failure) || code === 'ERR_CANCELED') {
    return call.sent ? new MiroNetworkError('request aborted', requestContext(request), 'ERR_CANCELED', true) : abortedBeforeSending(request);
  }
  return errorFromFailure(requestContext(request), { timeoutMs: request.timeoutMs, maxResponseBytes }, failure);
}

/** An answer with a non-2xx status. `body` is the parsed body when it was JSON. */
export function errorFromResponse(request: SendableRequest, status: number, header: HeaderReader, body: unknown): MiroApiError {
  const text = textFields(body);
  const details = {
    status,
    request: requestContext(request),
    code: text('code'),
    context: fieldsOf(body).context ?? undefined,
    type: text('type'),
    rateLimit: parseRateLimitHeaders(header),
    requestId: header('x-request-id'),
    retryAfterMs: parseRetryAfter(header('retry-after')),
  };
  const message = text('message') ?? text('detail') ?? statusText(status);
  const error = status === 429 ? new MiroRateLimitError(message, details) : new MiroApiError(message, details);
  // A token sent in the query (revoke-token v1) must not come back through an echoing server.
  return redactToken(error, querySecrets(request.url));
}

/** A 2xx whose body cannot be what the operation returns; safe reads retry it (see retry-policy). */
export function invalidResponseBody(request: SendableRequest, status: number, header: HeaderReader, why: string): MiroApiError {
  return new MiroApiError(why, { status, request: requestContext(request), code: INVALID_RESPONSE_BODY, rateLimit: parseRateLimitHeaders(header) });
}

/** The response grew past `maxResponseBytes` while it arrived. */
export function responseTooLarge(context: RequestContext, maxResponseBytes: number): MiroResponseTooLargeError {
  return new MiroResponseTooLargeError(context, maxResponseBytes);
}

/** What the attempt was allowed: the failure is read against these. */
export interface ExchangeLimits {
  timeoutMs: number;
  maxResponseBytes: number;
}

/**
 * A failure without a response: size cap, timeout, abort, network error. Reads what an axios
 * adapter rejects with (an AxiosError; under the fetch adapter the system error is its `cause`)
 * or any `{ code }`, and keeps only the error code.
 */
export function errorFromFailure(context: RequestContext, limits: ExchangeLimits, failure: unknown): MiroError {
  if (failure instanceof MiroError) return failure;
  if (isTooLarge(failure)) return responseTooLarge(context, limits.maxResponseBytes);
  const code = (failure as { code?: string } | undefined)?.code;
  const cause = (failure as { cause?: { code?: string } } | undefined)?.cause?.code;
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return new MiroTimeoutError(context, limits.timeoutMs);
  if (code === 'ERR_CANCELED') return new MiroNetworkError('request aborted', context, code, true);
  const systemCode = cause ?? code;
  // Only a refused or unresolvable connection proves that nothing reached Miro.
  const sent = !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(systemCode ?? '');
  const what = systemCode ? `network error ${systemCode}` : 'network error';
  return new MiroNetworkError(what, context, systemCode, sent);
}

/**
 * axios's adapters stop a capped response with `maxContentLength size of N exceeded`; miro-rx
 * stops one itself with `BODY_TOO_LARGE` (XMLHttpRequest, or a body an adapter let through
 * whole); a body past V8's string limit fails its decoding with `ERR_STRING_TOO_LONG`.
 */
function isTooLarge(failure: unknown): boolean {
  const { code, message } = (failure ?? {}) as { code?: unknown; message?: unknown };
  if (code === BODY_TOO_LARGE || code === 'ERR_STRING_TOO_LONG') return true;
  return typeof message === 'string' && message.startsWith('maxContentLength size of');
}

/** The caller gave up before the request left: nothing reached Miro. */
export function abortedBeforeSending(request: SendableRequest): MiroNetworkError {
  return new MiroNetworkError('request aborted before it was sent', requestContext(request), 'ERR_CANCELED', false);
}

/** The access token source did not answer within the call's timeout. */
export function tokenSourceTimeout(request: SendableRequest): MiroError {
  return new MiroError(
    `no access token within ${request.timeoutMs} ms (timeoutMs): the token source did not answer; nothing was sent`,
    requestContext(request),
  );
}

/** Whose token call it was; `secrets` are the form's values, redacted from anything quoted back. */
export interface TokenGrant {
  grantType: string;
  userId: string;
  secrets: readonly string[];
}

/** The token endpoint's responses, in OAuth's words: a refusal, or a success without a token. */
export function tokenResponseErrors(grant: TokenGrant): ResponseErrors {
  return {
    refused: (_request, status, _header, body) => tokenRefusal(status, body, grant),
    // A refusal whose body is broken is still a refusal.
    invalid: (_request, status, _header, why) =>
      status >= 200 && status < 300 ? invalidTokenResponse(status, why, grant) : tokenRefusal(status, undefined, grant),
  };
}

/** The token endpoint answered 2xx with something that is not a token. */
export function invalidTokenResponse(status: number, why: string, grant: TokenGrant): MiroOAuthError {
  return new MiroOAuthError(`the token endpoint answered ${status} without a usable token: ${why}`, {
    reason: 'invalid-token-answer',
    status,
    userId: grant.userId,
    grantType: grant.grantType,
  });
}

function tokenRefusal(status: number, body: unknown, grant: TokenGrant): MiroOAuthError {
  const quoted = textFields(body);
  const text = (key: string) => {
    const value = quoted(key);
    return value === undefined ? undefined : redactSecrets(value, grant.secrets).slice(0, 200);
  };
  const oauthError = text('error') ?? text('code');
  const description = text('error_description') ?? text('message');
  const what = grant.grantType === 'refresh_token' ? 'refresh token' : 'authorization code';
  const detail = [oauthError, description].filter(Boolean).join(': ');
  const hint = status === 400 || status === 401 ? '; the user must authorise the app again' : '';
  return new MiroOAuthError(`the token endpoint refused the ${what} (${status}${detail ? ` ${detail}` : ''})${hint}`, {
    reason: 'token-refused',
    oauthError,
    status,
    userId: grant.userId,
    grantType: grant.grantType,
  });
}

function fieldsOf(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

function textFields(body: unknown): (key: string) => string | undefined {
  const fields = fieldsOf(body);
  return (key) => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined);
}

function statusText(status: number): string {
  const known: Record<number, string> = {
    400: 'bad request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not found',
    409: 'conflict',
    413: 'payload too large',
    429: 'too many requests',
    500: 'server error',
    501: 'not implemented',
    502: 'bad gateway',
    503: 'service unavailable',
    504: 'gateway timeout',
  };
  return known[status] ?? `HTTP ${status}`;
}

/**
 * The limiter's refusals of a call it never sent. Each fails with `sent: false`, so a caller
 * knows nothing reached Miro and nothing was charged.
 */
export const creditRefusals = {
  /** Credits come back later than the call may wait (`maxWaitMs`): come back at `resetAt`. */
  waitTooLong(
    request: SendableRequest,
    waitMs: number,
    maxWaitMs: number,
    rateLimit: { limit: number; remaining: number; resetAt: number },
  ): MiroRateLimitError {
    return new MiroRateLimitError(`credits come back in ${Math.round(waitMs)} ms, more than the longest wait allowed (${maxWaitMs} ms)`, {
      status: 429,
      request: requestContext(request),
      code: 'rateLimitWaitTooLong',
      rateLimit,
      retryAfterMs: waitMs,
    });
  },
  /** The call waited in the queue past its own `timeoutMs`. */
  waitTimedOut(request: SendableRequest, timeoutMs: number, waitedMs: number): MiroCreditWaitTimeoutError {
    return new MiroCreditWaitTimeoutError(requestContext(request), timeoutMs, waitedMs);
  },
  /** The credit store (Redis) failed or stopped answering; `why` says which. */
  storeUnavailable(request: SendableRequest, why: string): MiroNetworkError {
    return new MiroNetworkError(why, requestContext(request), 'ERR_LIMITER_STORE', false);
  },
  /** The call costs more than the limiter can ever grant at once (`ceiling`): it could never be sent. */
  overBudget(request: SendableRequest, creditCost: number, ceiling: number): MiroCreditBudgetError {
    return new MiroCreditBudgetError(requestContext(request), creditCost, ceiling);
  },
  /**
   * A token function sent a token whose budget another client made with other settings: known
   * only now, at the call (a fixed token or key finds it in the constructor). Not retried.
   */
  settingsMismatch(request: SendableRequest, why: string): MiroError {
    return new MiroError(`${why}; nothing was sent`, requestContext(request));
  },
  /** The limiter was closed (shutdown, `closeSharedCreditLimiters`) while the call waited for credits. */
  limiterClosed(request: SendableRequest): MiroNetworkError {
    const why = 'the rate limiter was closed while this call waited for credits; nothing was sent';
    return new MiroNetworkError(why, requestContext(request), LIMITER_CLOSED, false);
  },
};
