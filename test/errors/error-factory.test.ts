/**
 * One factory turns answers and failures into miro-rx errors. The first suite reads the source:
 * no module outside src/errors/ constructs an answer or failure error itself, so a new transport
 * path cannot grow its own (unredacted, differently worded) copy. The others check what the
 * factory makes of each kind of answer and failure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  abortedBeforeSending,
  API_RESPONSE_ERRORS,
  errorFromFailure,
  errorFromResponse,
  tokenResponseErrors,
  tokenSourceTimeout,
} from '../../src/errors/error-factory.js';
import { INVALID_RESPONSE_BODY } from '../../src/errors/miro-errors.js';
import { MiroApiError, MiroError, MiroNetworkError, MiroOAuthError, MiroRateLimitError, MiroResponseTooLargeError, MiroTimeoutError } from '../../src/index.js';
import { NOT_ABORTED } from '../../src/http/miro-request.js';
import type { SendableRequest } from '../../src/http/miro-request.js';

const SRC = path.resolve(import.meta.dirname, '../../src');
/** Classes and OAuth reasons that only describe an answer or a failure of an exchange. */
const FACTORY_MADE =
  /new (MiroApiError|MiroRateLimitError|MiroNetworkError|MiroTimeoutError|MiroResponseTooLargeError|MiroCreditWaitTimeoutError|MiroCreditBudgetError)\b|reason: '(token-refused|invalid-token-answer)'/;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('errors of answers and failures are built in src/errors/ only', () => {
  it('no other module constructs them', () => {
    const offenders = sourceFiles(SRC)
      .map((file) => path.relative(SRC, file).split(path.sep).join('/'))
      .filter((file) => !file.startsWith('errors/') && !file.startsWith('generated/'))
      .filter((file) =>
        readFileSync(path.join(SRC, file), 'utf8')
          .split('\n')
          .some((line) => FACTORY_MADE.test(line) && !line.trim().startsWith('*')),
      );
    expect(offenders).toEqual([]);
  });
});

const request: SendableRequest = {
  operation: { operationId: 'get-specific-board', emptyResponse: false, successMayBeEmpty: false },
  method: 'GET',
  url: 'http://127.0.0.1:9/v2/boards/b1',
  path: '/v2/boards/b1',
  headers: {},
  timeoutMs: 1000,
  signal: NOT_ABORTED,
  attempt: 2,
};
const context = { operationId: 'get-specific-board', method: 'GET' as const, path: '/v2/boards/b1', attempts: 2 };
const limits = { timeoutMs: 1000, maxResponseBytes: 4096 };
const noHeaders = () => undefined;
const failure = (code: string, message = code, cause?: { code: string }) => Object.assign(new Error(message), { code, isAxiosError: true, cause });

describe('what the factory makes of each failure', () => {
  it.each([
    ['a timeout (axios)', failure('ECONNABORTED'), MiroTimeoutError, { timeoutMs: 1000, sent: true }],
    ['a timeout (the attempt timer)', failure('ETIMEDOUT'), MiroTimeoutError, { timeoutMs: 1000 }],
    ['an abort in flight', failure('ERR_CANCELED'), MiroNetworkError, { code: 'ERR_CANCELED', sent: true }],
    ['a refused connection', failure('ERR_NETWORK', 'x', { code: 'ECONNREFUSED' }), MiroNetworkError, { code: 'ECONNREFUSED', sent: false }],
    ['a reset', failure('ECONNRESET'), MiroNetworkError, { code: 'ECONNRESET', sent: true }],
    ['the size cap', failure('ERR_BAD_RESPONSE', 'maxContentLength size of 4096 exceeded'), MiroResponseTooLargeError, { maxResponseBytes: 4096 }],
    ["V8's string limit", failure('ERR_STRING_TOO_LONG'), MiroResponseTooLargeError, { maxResponseBytes: 4096 }],
  ] as const)('%s', (_kind, cause, type, fields) => {
    const error = errorFromFailure(context, limits, cause);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ ...fields, operationId: 'get-specific-board', attempts: 2 });
    // Only the code survives: an axios error carries the request, headers and body.
    expect(Object.values(error)).not.toContain(cause);
  });

  it('passes a miro-rx error through unchanged', () => {
    const error = new MiroError('already ours');
    expect(errorFromFailure(context, limits, error)).toBe(error);
  });

  it('names an abort before sending and a silent token source', () => {
    expect(abortedBeforeSending(request)).toMatchObject({ name: 'MiroNetworkError', sent: false, code: 'ERR_CANCELED' });
    expect(tokenSourceTimeout(request).message).toMatch(/^no access token within 1000 ms .*nothing was sent \(get-specific-board: GET \/v2\/boards\/b1\)$/);
  });
});

describe('what the factory makes of each answer', () => {
  it('reads an API refusal and a 429', () => {
    const header = (name: string) => ({ 'x-request-id': 'req-1', 'retry-after': '2' })[name];
    const refusal = errorFromResponse(request, 404, header, { code: 'boardNotFound', message: 'no such board', type: 'error' });
    expect(refusal).toBeInstanceOf(MiroApiError);
    expect(refusal).toMatchObject({
      status: 404,
      code: 'boardNotFound',
      requestId: 'req-1',
      retryAfterMs: 2000,
      message: '404: no such board (get-specific-board: GET /v2/boards/b1)',
    });
    expect(errorFromResponse(request, 429, noHeaders, undefined)).toBeInstanceOf(MiroRateLimitError);
    expect(API_RESPONSE_ERRORS.invalid(request, 200, noHeaders, 'answer is not valid JSON')).toMatchObject({ status: 200, code: INVALID_RESPONSE_BODY });
  });

  it("words the token endpoint's answers in OAuth terms, secrets redacted", () => {
    const errors = tokenResponseErrors({ grantType: 'refresh_token', userId: 'u1', secrets: ['refresh-secret-1234'] });
    const refusal = errors.refused(request, 400, noHeaders, { error: 'invalid_grant', error_description: 'spent refresh-secret-1234' });
    expect(refusal).toBeInstanceOf(MiroOAuthError);
    expect(refusal).toMatchObject({ reason: 'token-refused', oauthError: 'invalid_grant', status: 400, userId: 'u1', grantType: 'refresh_token' });
    expect(refusal.message).toContain('spent [redacted]');
    expect(errors.invalid(request, 200, noHeaders, 'answer is not JSON')).toMatchObject({ reason: 'invalid-token-answer', status: 200 });
    expect(errors.invalid(request, 502, noHeaders, 'answer is not valid JSON')).toMatchObject({ reason: 'token-refused', status: 502 });
  });
});
