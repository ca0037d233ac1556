import type { HttpMethod } from '../http/operation.js';
import type { RateLimitHeaders } from '../http/call-options.js';
import { brandError, isBrandedAs } from './error-brand.js';

/** Where an error happened: never the token, never the query string (revoke v1 carries a token there). */
export interface RequestContext {
  operationId: string;
  method: HttpMethod;
  /** The URL path that was (or would have been) requested, without its query string. */
  path: string;
  /** Attempts made, including the failed one. */
  attempts?: number;
}

/** Base of every error miro-rx raises. */
export class MiroError extends Error {
  override name = 'MiroError';
  readonly operationId?: string;
  readonly method?: HttpMethod;
  readonly path?: string;
  attempts?: number;

  /** Also true for errors from the other build (ESM/CommonJS) of miro-rx loaded in this process. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` names, a subclass included.
    return isBrandedAs(this, value);
  }

  constructor(message: string, context?: Partial<RequestContext>) {
    super(context?.operationId ? `${message} (${context.operationId}: ${context.method} ${context.path})` : message);
    brandError(this, new.target);
    this.operationId = context?.operationId;
    this.method = context?.method;
    this.path = context?.path;
    this.attempts = context?.attempts;
  }

  /** Plain fields for logs and `JSON.stringify`; safe by construction (no token is ever stored). */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) if (value !== undefined && key !== 'name') fields[key] = value;
    return fields;
  }
}

/** True for any error miro-rx raised, whichever copy (ESM or CommonJS build) raised it. */
export function isMiroError(value: unknown): value is MiroError {
  return value instanceof MiroError;
}

/** Fields of an error answer, as Miro's error body and headers give them. */
export interface MiroApiErrorDetails {
  status: number;
  request: RequestContext;
  /** Miro's error code, e.g. `tooManyRequests`. */
  code?: string;
  /** Miro's `context` field (field-level details of a 400, for example). */
  context?: unknown;
  /** Miro's `type` field, usually `error`. */
  type?: string;
  rateLimit?: RateLimitHeaders;
  requestId?: string;
  /** `Retry-After`, in milliseconds, when Miro sent it. */
  retryAfterMs?: number;
}

/** `MiroApiError.code` of a 2xx answer whose body is empty or not valid JSON. */
export const INVALID_RESPONSE_BODY = 'invalidResponseBody';

/** Miro answered with an error status; carries Miro's error body fields. */
export class MiroApiError extends MiroError {
  override name = 'MiroApiError';
  readonly status: number;
  readonly code?: string;
  readonly context?: unknown;
  readonly type?: string;
  readonly rateLimit?: RateLimitHeaders;
  readonly requestId?: string;
  /**
   * `Retry-After`, in milliseconds, when the answer carried a sensible one (any status: a 503
   * during maintenance sends it too). Retries wait for it, up to `retry.maxRateLimitWaitMs`.
   */
  readonly retryAfterMs?: number;

  constructor(message: string, details: MiroApiErrorDetails) {
    super(`${details.status}: ${message}`, details.request);
    this.status = details.status;
    this.code = details.code;
    this.context = details.context;
    this.type = details.type;
    this.rateLimit = details.rateLimit;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Miro refused the call because the credit budget of the window is spent (HTTP 429). */
export class MiroRateLimitError extends MiroApiError {
  override name = 'MiroRateLimitError';
  /** When the window resets and a retry may succeed, in epoch milliseconds. */
  readonly resetAt?: number;

  constructor(message: string, details: MiroApiErrorDetails) {
    super(message, details);
    this.resetAt = details.rateLimit?.resetAt;
  }
}

/**
 * The request failed without an answer from Miro. `sent` tells whether Miro may have acted on
 * it: `false` only when the request certainly never reached the server.
 */
export class MiroNetworkError extends MiroError {
  override name = 'MiroNetworkError';
  constructor(
    message: string,
    context: RequestContext,
    /** The system error code, e.g. `ECONNRESET`, `ECONNREFUSED`. */
    readonly code: string | undefined,
    readonly sent: boolean,
  ) {
    super(message, context);
  }
}

/** No answer arrived within the timeout. Miro may have acted on the request. */
export class MiroTimeoutError extends MiroNetworkError {
  override name = 'MiroTimeoutError';
  constructor(
    context: RequestContext,
    readonly timeoutMs: number,
  ) {
    super(`no answer within ${timeoutMs} ms`, context, 'ETIMEDOUT', true);
  }
}

/** One invalid field of a call's input. */
export interface ValidationIssue {
  /** Where, as the caller wrote it: `boardId`, `query.limit`, `body.data.content`. */
  field: string;
  message: string;
}

/**
 * The call's input does not match the operation's schema; nothing was sent. With `route`, the
 * error also names the method and the path template (`/v2/boards/{board_id}`): the real path
 * may not exist when a path parameter is what is wrong.
 */
export class MiroValidationError extends MiroError {
  override name = 'MiroValidationError';
  constructor(
    operationId: string,
    readonly issues: readonly ValidationIssue[],
    route?: { method: HttpMethod; path: string },
  ) {
    const list = issues.map((i) => `${i.field} ${i.message}`).join('; ');
    super(route ? `invalid input: ${list}` : `invalid input for ${operationId}: ${list}`, route ? { operationId, ...route } : undefined);
    (this as { operationId?: string }).operationId = operationId;
  }
}

/**
 * The answer was longer than `maxResponseBytes` (counted after decompression), so it was
 * dropped while still arriving. Not retried: Miro may have acted, and a second answer would be
 * as long.
 */
export class MiroResponseTooLargeError extends MiroError {
  override name = 'MiroResponseTooLargeError';
  /** Miro may have acted on the request: an answer was on its way. */
  readonly sent = true;
  constructor(
    context: RequestContext,
    readonly maxResponseBytes: number,
  ) {
    super(`answer is larger than maxResponseBytes (${maxResponseBytes} bytes)`, context);
  }
}
