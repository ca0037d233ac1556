/**
 * Attempt spans name their target (`server.address`, `server.port`, `url.full`) as the URL parser
 * reads the call's URL: same host, port and normalised path, and never the query or a password.
 */
import { describe, expect, it } from 'vitest';
import { targetAttributes } from '../../src/telemetry/otel/http-attributes.js';

describe('the target of an attempt', () => {
  it('never carries the query or the password', () => {
    const target = targetAttributes('https://user:secret@api.miro.com/v2/boards/uXjVOfjkmAk%3D?access_token=secret#frag');
    expect(target).toEqual({ 'server.address': 'api.miro.com', 'server.port': 443, 'url.full': 'https://api.miro.com/v2/boards/uXjVOfjkmAk%3D' });
  });

  it('gives the default port of the scheme, or the one named', () => {
    expect(targetAttributes('http://127.0.0.1/v2/boards/b1')?.['server.port']).toBe(80);
    expect(targetAttributes('HTTPS://API.Miro.COM:8443/v2')).toEqual({
      'server.address': 'api.miro.com',
      'server.port': 8443,
      'url.full': 'https://api.miro.com:8443/v2',
    });
  });

  it('normalises a path as the parser does (dot segments), and has none for a relative URL', () => {
    expect(targetAttributes('http://127.0.0.1:8080/v2/boards/%2e%2e/x')?.['url.full']).toBe('http://127.0.0.1:8080/v2/x');
    expect(targetAttributes('http://127.0.0.1:8080/v2/boards/b1')?.['url.full']).toBe('http://127.0.0.1:8080/v2/boards/b1');
    expect(targetAttributes('/miro-proxy/v2/boards/b1')).toBeUndefined();
  });
});
