import type http from 'node:http';
import { MiroApiError, MiroCreditWaitTimeoutError, MiroOAuthError, MiroPaginationError, MiroRateLimitError } from '../../../src/index.js';

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Answers a failed Miro call: Miro's 401/403/404 pass through (the caller's token or board id
 * is wrong), OAuth failures are the caller's 400, a spent credit budget is 503 "busy" with
 * `Retry-After`, anything else is a 502 (Miro or the way to it failed). Messages come from
 * miro-rx errors, which never hold a token.
 */
export function sendFailure(res: http.ServerResponse, failure: unknown): void {
  // A paged read wraps the failing page's error with where to resume; the cause is what matters here.
  const error = failure instanceof MiroPaginationError ? failure.cause : failure;
  const busyForMs = retryAfterMs(error);
  if (busyForMs !== undefined) {
    const seconds = Math.max(1, Math.ceil(busyForMs / 1000));
    sendJson(
      res,
      503,
      { error: `busy: the Miro credit budget is spent, retry after ${seconds} s`, retryAfterSeconds: seconds },
      { 'retry-after': String(seconds) },
    );
  } else if (error instanceof MiroApiError && [401, 403, 404].includes(error.status)) {
    sendJson(res, error.status, { error: error.message, code: error.code });
  } else if (error instanceof MiroOAuthError) {
    sendJson(res, 400, { error: error.message });
  } else {
    sendJson(res, 502, { error: error instanceof Error ? error.message : String(error) });
  }
}

/** The value of one cookie of a request. */
export function cookie(req: http.IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * How long until the budget has credits again, when the call failed for want of them: the
 * limiter refused to wait past `rateLimit.maxWaitMs` (nothing was sent), Miro itself answered
 * 429 after the retries, or the call's own timeout ran out in the credit queue.
 */
function retryAfterMs(error: unknown): number | undefined {
  if (error instanceof MiroRateLimitError) {
    if (error.retryAfterMs !== undefined) return error.retryAfterMs;
    return error.resetAt === undefined ? 1000 : Math.max(0, error.resetAt - Date.now());
  }
  if (error instanceof MiroCreditWaitTimeoutError) return 1000;
  return undefined;
}
