/**
 * Attempt spans name their target (`server.address`, `server.port`, `url.full`) from an origin
 * parsed once per client. Whatever the URL, the result is the URL parser's: same host, port and
 * path, and never the query or a password.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpTargets, parsedTarget } from '../../src/telemetry/otel/http-target.js';

const origin = fc
  .tuple(
    fc.constantFrom('http', 'https', 'HTTP', 'Https'),
    fc.constantFrom('', 'user:secret@', 'user@'),
    fc.constantFrom('api.miro.com', 'API.Miro.COM', '127.0.0.1', '[::1]', 'localhost', 'xn--bcher-kva.example', 'bücher.example', 'ho\tst', 'host%41'),
    fc.constantFrom('', ':', ':80', ':443', ':8080', ':0443', ':99999'),
  )
  .map(([scheme, user, host, port]) => `${scheme}://${user}${host}${port}`);
const segment = fc.oneof(
  fc.stringMatching(/^[\w%-]{0,12}$/),
  fc.constantFrom(
    '.',
    '..',
    '%2e',
    '%2E%2e',
    '.%2e',
    'a.b',
    'uXjVOfjkmAk%3D',
    'sp ace',
    'tab\t',
    'é',
    '\\',
    '%',
    '%zz',
    '{id}',
    '"',
    '<>',
    '|',
    '^',
    '`',
    '[x]',
  ),
);
const path = fc.array(segment, { maxLength: 5 }).map((segments) => segments.map((s) => `/${s}`).join(''));
const tail = fc.constantFrom('', '?', '?access_token=secret', '?a=1&b=/x/../y', '#frag', '?q#f', '/');

describe('the target of an attempt', () => {
  it('is what the URL parser reads, for any origin and path', () => {
    const targets = new HttpTargets();
    fc.assert(
      fc.property(origin, path, tail, (base, p, t) => {
        const url = `${base}${p}${t}`;
        expect(targets.of(url)).toEqual(parsedTarget(url));
      }),
      { numRuns: 2_000 },
    );
  });

  it('never carries the query or the password', () => {
    const target = new HttpTargets().of('https://user:secret@api.miro.com/v2/boards/uXjVOfjkmAk%3D?access_token=secret');
    expect(target).toEqual({ 'server.address': 'api.miro.com', 'server.port': 443, 'url.full': 'https://api.miro.com/v2/boards/uXjVOfjkmAk%3D' });
  });

  it('normalises a path as the parser does (dot segments), and has none for a relative URL', () => {
    const targets = new HttpTargets();
    expect(targets.of('http://127.0.0.1:8080/v2/boards/%2e%2e/x')?.['url.full']).toBe('http://127.0.0.1:8080/v2/x');
    expect(targets.of('http://127.0.0.1:8080/v2/boards/b1')?.['url.full']).toBe('http://127.0.0.1:8080/v2/boards/b1');
    expect(targets.of('/miro-proxy/v2/boards/b1')).toBeUndefined();
  });
});
