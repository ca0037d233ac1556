import type { RecordedRequest, Reply } from './recording-server.js';

/** Miro's error body, as Miro sends it. */
export const miroErrorBody = (status: number, code: string, message: string, context: unknown = null) => ({
  status,
  code,
  message,
  context,
  type: 'error',
});

/**
 * Answers chosen by the last path segment (`/v2/boards/rate-limited`): one per kind of failure,
 * for error and redaction tests. Anything else gets a small JSON body.
 */
export function failureReplies(request: RecordedRequest): Reply {
  const last = new URL(request.url, 'http://loopback').pathname.split('/').pop();
  switch (last) {
    case 'not-found':
      return {
        status: 404,
        headers: { 'x-request-id': 'req-404' },
        body: miroErrorBody(404, 'notFound', 'Board not found', { fields: [{ field: 'board_id', message: 'no such board' }] }),
      };
    case 'server-error':
      return { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>bad gateway</html>' };
    case 'rate-limited':
      return {
        status: 429,
        headers: {
          'x-ratelimit-limit': '100000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': '1900000000',
          'retry-after': '7',
        },
        body: miroErrorBody(429, 'tooManyRequests', 'Too many requests'),
      };
    case 'reset':
      return { reset: true };
    case 'hang':
      return { hang: true };
    case 'echo':
    case 'revoke': {
      // A careless server that repeats the credentials it was given.
      const bearer = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
      const queryToken = new URL(request.url, 'http://loopback').searchParams.get('access_token') ?? '';
      return {
        status: last === 'revoke' ? 400 : 401,
        body: miroErrorBody(last === 'revoke' ? 400 : 401, 'tokenInvalid', `token ${bearer}${queryToken} is not valid`, {
          token: bearer,
          query: queryToken,
          url: request.url,
        }),
      };
    }
    case 'broken-json':
      return { headers: { 'content-type': 'application/json' }, body: '{"id": "1", "name": ' };
    default:
      return { body: { id: last, type: 'board' } };
  }
}
