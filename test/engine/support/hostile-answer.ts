import fc from 'fast-check';

/** A JSON document as text, with the value the engine must hand back for it (int64 beyond 2^53 as digit strings). */
export interface JsonBody {
  text: string;
  expected: unknown;
}

/** One answer of a hostile server, as generated: how it arrives, its status, headers and body. */
export interface HostileAnswer {
  /** `answer` after `delayMs`; `hang` never answers; `fail` is a connection failure; `throw` an adapter that throws. */
  behaviour: 'answer' | 'hang' | 'fail' | 'throw';
  delayMs: number;
  failCode?: string;
  status: number;
  headers: Record<string, string | string[]>;
  body: { kind: 'json'; json: JsonBody } | { kind: 'text'; text: string } | { kind: 'none' };
}

/** The token every hostile test authorises with: recognisable, so no view of an error may hold it. */
export const SECRET_TOKEN = 'tok-HOSTILE-SECRET-7f3a9c1e';

const INT64_EDGES = [
  '9007199254740991',
  '-9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740993',
  '9223372036854775807',
  '-9223372036854775808',
  '18446744073709551615',
  '12345678901234567890',
  '99999999999999999999',
  '1e400',
  '-1e400',
  '9007199254740993e0',
  '1.5e300',
  '3000457366756290996',
  '0',
  '-0',
  '1.0',
  '12345678901234567890.5',
];

/** What the engine must make of one JSON number token: unsafe integers exact as digits, the rest as numbers. */
export function expectedNumber(token: string): unknown {
  return /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token)) ? token : Number(token);
}

const numberToken = fc.oneof(
  fc.constantFrom(...INT64_EDGES),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)),
);

const leaf: fc.Arbitrary<JsonBody> = fc.oneof(
  { weight: 4, arbitrary: numberToken.map((token) => ({ text: token, expected: expectedNumber(token) })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((value) => ({ text: JSON.stringify(value), expected: value })) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false).map((value) => ({ text: JSON.stringify(value), expected: value })) },
);

const { json } = fc.letrec<{ json: JsonBody }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .array(tie('json'), { maxLength: 4 })
      .map((items) => ({ text: `[${items.map((item) => item.text).join(',')}]`, expected: items.map((item) => item.expected) })),
    fc.dictionary(fc.constantFrom('id', 'value', 'data', 'x', 'total'), tie('json'), { maxKeys: 4 }).map((fields) => ({
      text: `{${Object.entries(fields)
        .map(([key, value]) => `${JSON.stringify(key)}:${value.text}`)
        .join(',')}}`,
      expected: Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value.expected])),
    })),
  ),
}));

/** A JSON object (what every Miro operation answers), often with int64 edge values. */
export const jsonBody: fc.Arbitrary<JsonBody> = fc.tuple(fc.constantFrom('1', '3458764513820540928', '-9223372036854775808'), json).map(([id, data]) => ({
  text: `{"id":${id},"data":${data.text}}`,
  expected: { id: expectedNumber(id), data: data.expected },
}));

/** Text that is not what it claims: invalid or truncated JSON, HTML, an echo of the token, nothing. */
const brokenText = fc.oneof(
  jsonBody.chain((body) => fc.nat({ max: Math.max(0, body.text.length - 1) }).map((cut) => body.text.slice(0, cut))),
  fc.constantFrom('{', '{"id":', '[1,2', '{"id":1}}', 'NaN', '<html>bad gateway</html>', '\u0000\u0001', '{"id":1,}', 'null', '"text"'),
  fc.constant(`{"message":"bad token Bearer ${SECRET_TOKEN}","code":"${SECRET_TOKEN}"}`),
  fc.string({ maxLength: 40 }),
);

/** A number header as a hostile server writes it. */
const nonsenseNumber = fc.oneof(
  fc.constantFrom('', ' ', '-1', '-0', 'NaN', 'Infinity', '-Infinity', '1e999', '99999999999999999999', '0x10', 'abc', '1.5', '0'),
  fc.constantFrom('Wed, 21 Oct 2015 07:28:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', 'Thu, 01 Jan 1970 00:00:00 GMT', 'tomorrow'),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double({ noNaN: false }).map(String),
);

const resetValue = fc.oneof(
  nonsenseNumber,
  fc.integer({ min: -5, max: 120 }).map((seconds) => String(Math.floor(Date.now() / 1000) + seconds)),
  fc.constant(String(2 ** 63)),
);

const headerValue = (values: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 4, arbitrary: values }, { weight: 1, arbitrary: fc.array(values, { minLength: 2, maxLength: 3 }) });

/** Headers: rate-limit and `Retry-After` with nonsense values, sometimes repeated, and content types that lie. */
export const hostileHeaders: fc.Arbitrary<Record<string, string | string[]>> = fc.record(
  {
    'x-ratelimit-limit': headerValue(fc.oneof(nonsenseNumber, fc.constantFrom('100000', '1000000001', '50'))),
    'x-ratelimit-remaining': headerValue(fc.oneof(nonsenseNumber, fc.constantFrom('0', '99950', '100001'))),
    'x-ratelimit-reset': headerValue(resetValue),
    'retry-after': headerValue(fc.oneof(nonsenseNumber, fc.constantFrom('0', '1', '3600', '1e9'))),
    'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/html', 'text/plain', '', 'application/problem+json'),
    'content-encoding': fc.constantFrom('gzip', 'br', 'deflate', 'identity', 'x-nonsense'),
    'x-request-id': fc.string({ maxLength: 10 }),
  },
  { requiredKeys: ['content-type'] },
);

const statusCode = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(200, 201, 204) },
  { weight: 4, arbitrary: fc.integer({ min: 100, max: 599 }) },
  { weight: 3, arbitrary: fc.constantFrom(429, 500, 502, 503, 504, 400, 401, 404) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 600, 999, 1000, Number.NaN, 2 ** 31) },
);

/**
 * One answer. `maxBytes` is the client's `maxResponseBytes`: a share of bodies exceed it.
 * `timeoutMs` is the client's: a share of answers come later than it, or never.
 */
export function hostileAnswer(maxBytes: number, timeoutMs: number): fc.Arbitrary<HostileAnswer> {
  const body = fc.oneof(
    { weight: 6, arbitrary: jsonBody.map((value) => ({ kind: 'json' as const, json: value })) },
    { weight: 3, arbitrary: brokenText.map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.nat({ max: maxBytes }).map((extra) => ({ kind: 'text' as const, text: `{"id":"${'x'.repeat(maxBytes + extra)}"}` })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  );
  return fc.record({
    behaviour: fc.oneof(
      { weight: 40, arbitrary: fc.constant('answer' as const) },
      { weight: 1, arbitrary: fc.constant('hang' as const) },
      { weight: 3, arbitrary: fc.constant('fail' as const) },
      { weight: 1, arbitrary: fc.constant('throw' as const) },
    ),
    delayMs: fc.oneof(
      { weight: 12, arbitrary: fc.constant(0) },
      { weight: 3, arbitrary: fc.nat({ max: Math.floor(timeoutMs / 2) }) },
      { weight: 1, arbitrary: fc.nat({ max: timeoutMs * 2 }) },
    ),
    failCode: fc.constantFrom('ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_BAD_RESPONSE', 'Z_DATA_ERROR', undefined),
    status: statusCode,
    headers: hostileHeaders,
    body,
  });
}
