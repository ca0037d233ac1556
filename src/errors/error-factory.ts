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
import { LIMITER_CLOSED, MiroCreditWaitTimeoutError } from './credit-errors.js';
import { parseRateLimitHeaders, parseRetryAfter } from '../transport/rate-limit-headers.js';
import type { ExchangeRequest } from '../transport/exchange-request.js';
import { querySecrets, redactSecrets, redactToken } from './redact-token.js';
import { ANSWER_TOO_LARGE } from '../transport/node-http-exchange.js';

/**
 * The one place where answers and failures become miro-rx errors: an HTTP answer with an error
 * status, a success whose body is broken, a transport failure (network, timeout, abort, size
 * cap), a token source that does not answer, and the OAuth token endpoint's answers. Nothing
 * else in miro-rx constructs these errors (test/errors/error-factory.test.ts checks it).
 */

/** Reads one answer header by lower-case name. */
export type HeaderReader = (name: string) => string | undefined;

export function requestContext(request: ExchangeRequest): RequestContext {
  return { operationId: request.operation.operationId, method: request.method, path: request.path, attempts: request.attempt };
}

/**
 * How the transport words an answer its caller cannot use: `refused` for a status outside 2xx
 * (`body` parsed when it was JSON), `invalid` for a 2xx whose body is not what was asked for.
 * API operations get `API_ANSWER_ERRORS`; the token endpoint speaks OAuth (`tokenAnswerErrors`).
 */
export interface AnswerErrors {
  refused(request: ExchangeRequest, status: number, header: HeaderReader, body: unknown): MiroError;
  invalid(request: ExchangeRequest, status: number, header: HeaderReader, why: string): MiroError;
}

export const API_ANSWER_ERRORS: AnswerErrors = { refused: errorFromResponse, invalid: invalidAnswerBody };

/** An answer with a non-2xx status. `body` is the parsed body when it was JSON. */
export function errorFromResponse(request: ExchangeRequest, status: number, header: HeaderReader, body: unknown): MiroApiError {
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
export function invalidAnswerBody(request: ExchangeRequest, status: number, header: HeaderReader, why: string): MiroApiError {
  return new MiroApiError(why, { status, request: requestContext(request), code: INVALID_RESPONSE_BODY, rateLimit: parseRateLimitHeaders(header) });
}

/** The answer grew past `maxResponseBytes` while it arrived. */
export function answerTooLarge(context: RequestContext, maxResponseBytes: number): MiroResponseTooLargeError {
  return new MiroResponseTooLargeError(context, maxResponseBytes);
}

/** What the exchange was allowed: the failure is read against these. */
export interface ExchangeLimits {
  timeoutMs: number;
  maxResponseBytes: number;
}

/**
 * A failure without an answer: size cap, timeout, abort, network error. Reads any transport's
 * shape (a Node errno error, fetch's TypeError with its `cause`, an AxiosError, `{ code }`) and
 * keeps only the error code.
 */
export function errorFromFailure(context: RequestContext, limits: ExchangeLimits, failure: unknown): MiroError {
  if (failure instanceof MiroError) return failure;
  if (isTooLarge(failure)) return answerTooLarge(context, limits.maxResponseBytes);
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
 * miro-rx's transports stop a capped answer with `ERR_RESPONSE_TOO_LARGE`; axios's adapters (and
 * the lean one, which words it the same) as `maxContentLength size of N exceeded`; a body past
 * V8's string limit fails its decoding with `ERR_STRING_TOO_LONG`.
 */
function isTooLarge(failure: unknown): boolean {
  const { code, message } = (failure ?? {}) as { code?: unknown; message?: unknown };
  if (code === ANSWER_TOO_LARGE || code === 'ERR_STRING_TOO_LONG') return true;
  return typeof message === 'string' && message.startsWith('maxContentLength size of');
}

/** The caller gave up before the request left: nothing reached Miro. */
export function abortedBeforeSending(request: ExchangeRequest): MiroNetworkError {
  return new MiroNetworkError('request aborted before it was sent', requestContext(request), 'ERR_CANCELED', false);
}

/** No transport could be loaded for the exchange (axios missing where only it could send): nothing was sent. */
export function transportUnavailable(request: ExchangeRequest, why: string): MiroNetworkError {
  return new MiroNetworkError(`no transport to send with: ${why}`, requestContext(request), 'ERR_TRANSPORT_UNAVAILABLE', false);
}

/** The access token source did not answer within the call's timeout. */
export function tokenSourceTimeout(request: ExchangeRequest): MiroError {
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

/** The token endpoint's answers, in OAuth's words: a refusal, or a success without a token. */
export function tokenAnswerErrors(grant: TokenGrant): AnswerErrors {
  return {
    refused: (_request, status, _header, body) => tokenRefusal(status, body, grant),
    // A refusal whose body is broken is still a refusal.
    invalid: (_request, status, _header, why) =>
      status >= 200 && status < 300 ? invalidTokenAnswer(status, why, grant) : tokenRefusal(status, undefined, grant),
  };
}

/** The token endpoint answered 2xx with something that is not a token. */
export function invalidTokenAnswer(status: number, why: string, grant: TokenGrant): MiroOAuthError {
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
    request: ExchangeRequest,
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
  waitTimedOut(request: ExchangeRequest, timeoutMs: number, waitedMs: number): MiroCreditWaitTimeoutError {
    return new MiroCreditWaitTimeoutError(requestContext(request), timeoutMs, waitedMs);
  },
  /** The credit store (Redis) failed or stopped answering; `why` says which. */
  storeUnavailable(request: ExchangeRequest, why: string): MiroNetworkError {
    return new MiroNetworkError(why, requestContext(request), 'ERR_LIMITER_STORE', false);
  },
  /** The limiter was closed (shutdown, `closeSharedCreditLimiters`) while the call waited for credits. */
  limiterClosed(request: ExchangeRequest): MiroNetworkError {
    const why = 'the rate limiter was closed while this call waited for credits; nothing was sent';
    return new MiroNetworkError(why, requestContext(request), LIMITER_CLOSED, false);
  },
};
