import type { Attributes } from '@opentelemetry/api';
import { parseRateLimitHeaders } from '../../http/rate-limit-headers.js';
import { headerReader } from '../../http/response-headers.js';
import type { MiroCall } from '../../transport/miro-call.js';
import { MIRO_ATTRIBUTES } from './telemetry-names.js';

/** Where a call goes, as the HTTP convention names it: never the query (it may carry a token). */
export interface HttpTarget {
  readonly 'server.address': string;
  readonly 'server.port': number;
  readonly 'url.full': string;
}

/** The target of `url`: undefined for a relative URL (a same-origin proxy in a browser). */
export function targetAttributes(url: string): HttpTarget | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const port = parsed.port === '' ? (parsed.protocol === 'http:' ? 80 : 443) : Number(parsed.port);
  // origin drops any user:password the base URL carried; pathname drops the query.
  return { 'server.address': parsed.hostname, 'server.port': port, 'url.full': `${parsed.origin}${parsed.pathname}` };
}

type AxiosLike = { status?: number; headers?: unknown };

/** What one attempt's outcome tells: its status, Miro's rate-limit headers and request id, or why it failed. */
export function outcomeAttributes(call: MiroCall, outcome: { response: unknown } | { failure: unknown }): Attributes {
  const failure = 'failure' in outcome ? (outcome.failure as { response?: AxiosLike; code?: unknown; name?: unknown }) : undefined;
  const response = ('response' in outcome ? outcome.response : failure?.response) as AxiosLike | undefined;
  const attributes: Attributes = {};
  if (response?.status !== undefined) {
    attributes['http.response.status_code'] = response.status;
    const header = headerReader(response.headers ?? {});
    const rateLimit = parseRateLimitHeaders(header);
    if (rateLimit) {
      attributes[MIRO_ATTRIBUTES.rateLimitLimit] = rateLimit.limit;
      attributes[MIRO_ATTRIBUTES.rateLimitRemaining] = rateLimit.remaining;
      attributes[MIRO_ATTRIBUTES.rateLimitResetAt] = rateLimit.resetAt;
    }
    const requestId = safeRequestId(header('x-request-id'), call);
    if (requestId) attributes[MIRO_ATTRIBUTES.requestId] = requestId;
  }
  const type = attemptErrorType(response?.status, failure);
  if (type) attributes['error.type'] = type;
  return attributes;
}

/** The convention's `error.type`: the status for an HTTP error, else the failure's code (`ETIMEDOUT`, ...). */
function attemptErrorType(status: number | undefined, failure: { code?: unknown; name?: unknown } | undefined): string | undefined {
  if (status !== undefined && status >= 400) return String(status);
  if (!failure) return undefined;
  const code = typeof failure.code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(failure.code) ? failure.code : undefined;
  return code ?? errorName(failure) ?? '_OTHER';
}

/** An error's class name (`MiroTimeoutError`), which says what happened and never carries data. */
export function errorName(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^\w{1,60}$/.test(name) ? name : undefined;
}

/**
 * Miro's request id, when it looks like one: a short token of letters, digits and dashes. A
 * server (or proxy) that echoes what it was sent could put a credential there: anything that
 * contains a token the call sent, or part of the URL's query, is dropped.
 */
function safeRequestId(value: string | undefined, call: MiroCall): string | undefined {
  if (value === undefined || !/^[\w.:-]{1,128}$/.test(value)) return undefined;
  if (call.tokens.some((token) => token !== '' && (value.includes(token) || token.includes(value)))) return undefined;
  const query = call.request.url.indexOf('?');
  if (query >= 0 && call.request.url.slice(query).includes(value)) return undefined;
  return value;
}
