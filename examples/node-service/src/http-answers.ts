import type http from 'node:http';
import { MiroApiError, MiroOAuthError, MiroPaginationError } from '../../../src/index.js';

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Answers a failed Miro call: Miro's 401/403/404 pass through (the caller's token or board id
 * is wrong), OAuth failures are the caller's 400, anything else is a 502 (Miro or the way to it
 * failed). Messages come from miro-rx errors, which never hold a token.
 */
export function sendFailure(res: http.ServerResponse, failure: unknown): void {
  // A paged read wraps the failing page's error with where to resume; the cause is what matters here.
  const error = failure instanceof MiroPaginationError ? failure.cause : failure;
  if (error instanceof MiroApiError && [401, 403, 404].includes(error.status)) {
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
