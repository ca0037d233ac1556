/**
 * One reader for every adapter's response headers: axios's `AxiosHeaders` (read by property when
 * Node gave the name in lower case, else through its case-insensitive `get`) and plain objects.
 */
import { AxiosHeaders } from 'axios';
import { describe, expect, it } from 'vitest';
import { allHeaders, headerReader } from '../../src/http/response-headers.js';

describe('headerReader', () => {
  it('reads AxiosHeaders by lower-case name, whatever case they were stored in', () => {
    const lower = headerReader(AxiosHeaders.from({ 'x-ratelimit-remaining': '950' }));
    const title = headerReader(AxiosHeaders.from({ 'X-RateLimit-Remaining': '950' }));
    expect(lower('x-ratelimit-remaining')).toBe('950');
    expect(title('x-ratelimit-remaining')).toBe('950');
    expect(lower('x-request-id')).toBeUndefined();
  });

  it('joins a header sent twice, and never mistakes AxiosHeaders’ own methods for headers', () => {
    const headers = AxiosHeaders.from({ 'x-ratelimit-limit': '1000' });
    headers.set('set-cookie', ['a=1', 'b=2']);
    const read = headerReader(headers);
    expect(read('set-cookie')).toBe('a=1, b=2');
    for (const name of ['get', 'set', 'has', 'toJSON', 'constructor', 'normalize']) expect(read(name)).toBeUndefined();
  });

  it('reads a plain object in any case, and nothing from values that are not headers', () => {
    const read = headerReader({ 'X-Request-Id': 'req-1', 'x-empty': null, 'x-off': false, 'x-count': 3 });
    expect(read('x-request-id')).toBe('req-1');
    expect(read('x-empty')).toBeUndefined();
    expect(read('x-off')).toBeUndefined();
    expect(read('x-count')).toBe('3');
    expect(headerReader(undefined)('x-request-id')).toBeUndefined();
  });

  it('lists every header with lower-case names', () => {
    expect(allHeaders(AxiosHeaders.from({ 'X-Request-Id': 'req-1', 'Content-Type': 'application/json' }))).toEqual({
      'x-request-id': 'req-1',
      'content-type': 'application/json',
    });
  });
});
