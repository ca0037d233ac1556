import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for browser apps: any origin, the headers a Miro client sends, and Miro's rate-limit
 * headers exposed so that a browser limiter can read them.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  // Only browsers send Origin, and only they read these headers: raw clients are spared them.
  const origin = req.headers.origin;
  if (origin === undefined) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, X-Request-Id, Retry-After');
}

/** An OPTIONS request with `Access-Control-Request-Method`: answered at once, never charged. */
export function isPreflight(req: IncomingMessage): boolean {
  if (req.method !== 'OPTIONS' || !req.headers['access-control-request-method']) return false;
  return true;
}

export function preflightHeaders(): Record<string, string> {
  return {
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': 'authorization, content-type, accept',
    'Access-Control-Max-Age': '600',
  };
}
