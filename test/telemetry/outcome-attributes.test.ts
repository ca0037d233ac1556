/**
 * What an attempt's response tells its span: read from axios's headers as the engine reads them,
 * whatever case the names arrive in (axios keeps the case it was given; Node's are lower case).
 */
import { AxiosHeaders } from 'axios';
import { describe, expect, it } from 'vitest';
import { outcomeAttributes } from '../../src/telemetry/otel/http-attributes.js';
import type { MiroCall } from '../../src/transport/miro-call.js';

const call = { tokens: ['secret-token'], request: { url: 'https://api.miro.com/v2/boards/b1?team_id=t1' } } as unknown as MiroCall;
const expected = {
  'http.response.status_code': 200,
  'miro.rate_limit.limit': 1000,
  'miro.rate_limit.remaining': 950,
  'miro.rate_limit.reset_at': 1_900_000_000_000,
  'miro.request_id': 'req-1a2b',
};
const names = (style: (name: string) => string) =>
  Object.fromEntries(
    Object.entries({ 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '950', 'x-ratelimit-reset': '1900000000', 'x-request-id': 'req-1a2b' }).map(
      ([name, value]) => [style(name), value],
    ),
  );
const title = (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`);

describe("an attempt's outcome", () => {
  for (const [label, headers] of [
    ['AxiosHeaders, lower case (from Node)', AxiosHeaders.from(names((n) => n))],
    ['AxiosHeaders, title case', AxiosHeaders.from(names(title))],
    ['a plain object, lower case', names((n) => n)],
    ['a plain object, upper case', names((n) => n.toUpperCase())],
  ] as const) {
    it(`reads rate limits and the request id from ${label}`, () => {
      expect(outcomeAttributes(call, { response: { status: 200, headers } })).toEqual(expected);
    });
  }

  it('reads a header sent twice as the engine does, and drops a request id that echoes the token or the query', () => {
    const twice = AxiosHeaders.from(names((n) => n));
    twice.set('x-request-id', ['req-1', 'req-2']);
    expect(outcomeAttributes(call, { response: { status: 200, headers: twice } })['miro.request_id']).toBeUndefined();
    for (const echoed of ['secret-token', 'team_id=t1', 't1']) {
      const headers = AxiosHeaders.from({ ...names((n) => n), 'x-request-id': echoed });
      expect(outcomeAttributes(call, { response: { status: 200, headers } })['miro.request_id']).toBeUndefined();
    }
  });
});
