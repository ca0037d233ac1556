import {
  MiroApiError,
  MiroError,
  MiroNetworkError,
  MiroRateLimitError,
  MiroTimeoutError,
  type RequestContext,
} from './miro-errors.js';
import { parseRateLimitHeaders, parseRetryAfter } from '../transport/rate-limit-headers.js';
import type { MiroRequest } from '../http/miro-request.js';
import { querySecrets, redactToken } from './redact-token.js';

/** The one place where answers and failures become miro-rx errors. */

export function requestContext(request: MiroRequest): RequestContext {
  return { operationId: request.operation.operationId, method: request.method, path: request.path, attempts: request.attempt };
}

/** An answer with a non-2xx status. `body` is the parsed body when it was JSON. */
export function errorFromResponse(
  request: MiroRequest,
  status: number,
  header: (name: string) => string | undefined,
  body: unknown,
): MiroApiError {
  const fields = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined);
  const details = {
    status,
    request: requestContext(request),
    code: text('code'),
    context: fields.context ?? undefined,
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

/** A failure without an answer: network error, timeout, abort. Keeps only the error code. */
export function errorFromFailure(context: RequestContext, timeoutMs: number, failure: unknown): MiroError {
  if (failure instanceof MiroError) return failure;
  const code = (failure as { code?: string } | undefined)?.code;
  const cause = (failure as { cause?: { code?: string } } | undefined)?.cause?.code;
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return new MiroTimeoutError(context, timeoutMs);
  if (code === 'ERR_CANCELED') return new MiroNetworkError('request aborted', context, code, true);
  const systemCode = cause ?? code;
  // Only a refused or unresolvable connection proves that nothing reached Miro.
  const sent = !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(systemCode ?? '');
  const what = systemCode ? `network error ${systemCode}` : 'network error';
  return new MiroNetworkError(what, context, systemCode, sent);
}

/** The caller gave up before the request left: nothing reached Miro. */
export function abortedBeforeSending(request: MiroRequest): MiroNetworkError {
  return new MiroNetworkError('request aborted before it was sent', requestContext(request), 'ERR_CANCELED', false);
}

function statusText(status: number): string {
  const known: Record<number, string> = {
    400: 'bad request', 401: 'unauthorized', 403: 'forbidden', 404: 'not found', 409: 'conflict',
    413: 'payload too large', 429: 'too many requests', 500: 'server error', 501: 'not implemented',
    502: 'bad gateway', 503: 'service unavailable', 504: 'gateway timeout',
  };
  return known[status] ?? `HTTP ${status}`;
}
