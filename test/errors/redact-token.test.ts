/** The one redaction function reaches every view of an error, whatever the error carries. */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MiroApiError, MiroPaginationError } from '../../src/index.js';
import { bodySecrets, querySecrets, redactToken } from '../../src/errors/redact-token.js';
import { fakeOperation } from '../pagination/support/fake-operation.js';

const SECRET = 'tok-SECRET-31415926';

function everyView(error: Error): string {
  return [error.message, String(error.stack), String(error), JSON.stringify(error), inspect(error, { depth: Infinity, showHidden: true })].join('\n');
}

describe('redactToken', () => {
  it('cleans every own field, hidden ones, nested data and keys, and the cause chain', () => {
    const inner = new MiroApiError(`echo ${SECRET}`, {
      status: 400,
      request: { operationId: 'get-specific-board', method: 'GET', path: '/v2/boards/1' },
      code: SECRET,
      type: `type ${SECRET}`,
      requestId: SECRET,
      context: { [SECRET]: [{ deep: SECRET }] },
    });
    const outer = new MiroPaginationError(fakeOperation('cursor'), { resumeFrom: undefined, pagesRead: 0, itemsRead: 0 }, inner);
    Object.defineProperty(outer, 'hidden', { value: `hidden ${SECRET}`, enumerable: false, writable: true, configurable: true });
    expect(everyView(outer)).toContain(SECRET);
    redactToken(outer, [SECRET]);
    expect(everyView(outer)).not.toContain(SECRET);
    expect(inner).toMatchObject({ code: '[redacted]', requestId: '[redacted]', type: 'type [redacted]' });
    expect(inner.context).toEqual({ '[redacted]': [{ deep: '[redacted]' }] });
  });

  it('replaces a transport (axios) error met in the cause chain by a clean copy without its request', () => {
    const axiosError = Object.assign(new Error(`failed for ${SECRET}`), {
      isAxiosError: true,
      code: 'ECONNRESET',
      config: { headers: { Authorization: `Bearer ${SECRET}` } },
    });
    const error = new Error('wrapper', { cause: axiosError });
    redactToken(error, [SECRET]);
    expect(everyView(error)).not.toContain(SECRET);
    expect(error.cause).toMatchObject({ message: 'failed for [redacted]', code: 'ECONNRESET' });
    expect((error.cause as { config?: unknown }).config).toBeUndefined();
  });

  it('survives a cyclic structure', () => {
    const context: Record<string, unknown> = { token: SECRET };
    context.self = context;
    const error = Object.assign(new Error(SECRET), { context });
    expect(() => redactToken(error, [SECRET])).not.toThrow();
    expect(error.message).toBe('[redacted]');
  });

  it('finds the secrets a request carries in its query and JSON body', () => {
    expect(querySecrets('http://x/v1/oauth/revoke?access_token=abc123456&board=1')).toEqual(['abc123456']);
    expect(bodySecrets(JSON.stringify({ accessToken: 'a1b2c3d4', clientId: 'id', clientSecret: 's1s2s3s4' }))).toEqual(['a1b2c3d4', 's1s2s3s4']);
    expect(bodySecrets('not json')).toEqual([]);
  });
});
