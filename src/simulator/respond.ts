import type { ServerResponse } from 'node:http';
import type { CreditWindow } from './credit-ledger.js';

/** How to write one answer. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Credits left for the request's user, for `X-RateLimit-*`. */
  credits?: CreditWindow;
  /** Content type of JSON bodies (SCIM answers in `application/scim+json`). */
  contentType?: string;
  /** Fault: a body that is not valid JSON. */
  invalidJson?: boolean;
  /** Fault: the body dribbles out over this many milliseconds. */
  slowBodyMs?: number;
}

/** Writes an answer: JSON body, Miro's rate-limit headers, and any fault that shapes the body. */
export function respond(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return;
  const headers: Record<string, string | number> = { ...answer.headers };
  if (answer.credits) {
    headers['X-RateLimit-Limit'] = answer.credits.limit;
    headers['X-RateLimit-Remaining'] = answer.credits.remaining;
    headers['X-RateLimit-Reset'] = answer.credits.resetSeconds;
  }
  let payload: string | undefined;
  if (answer.body !== undefined && answer.status !== 204) {
    headers['Content-Type'] = answer.contentType ?? 'application/json;charset=UTF-8';
    const json = JSON.stringify(answer.body);
    // Cut the document short, the way a proxy that gave up mid-answer would.
    payload = answer.invalidJson ? `${json.slice(0, Math.max(1, Math.floor(json.length / 2)))}\u0000` : json;
  }
  if (payload !== undefined && answer.slowBodyMs && answer.slowBodyMs > 0) {
    res.writeHead(answer.status, headers);
    writeSlowly(res, Buffer.from(payload), answer.slowBodyMs);
    return;
  }
  if (payload !== undefined) headers['Content-Length'] = Buffer.byteLength(payload);
  res.writeHead(answer.status, headers);
  res.end(payload);
}

/** Four chunks spread over `totalMs`. */
function writeSlowly(res: ServerResponse, payload: Buffer, totalMs: number): void {
  const chunks = 4;
  const step = Math.ceil(payload.length / chunks);
  let index = 0;
  const next = () => {
    if (res.destroyed) return;
    const chunk = payload.subarray(index * step, (index + 1) * step);
    index += 1;
    if (index >= chunks) {
      res.end(chunk);
      return;
    }
    res.write(chunk);
    setTimeout(next, totalMs / chunks);
  };
  next();
}
