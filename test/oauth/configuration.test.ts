import { afterEach, describe, expect, it, vi } from 'vitest';
import { Miro, MiroOAuthError } from '../../src/index.js';

afterEach(() => vi.unstubAllEnvs());

function clearEnvironment() {
  vi.stubEnv('MIRO_CLIENT_ID', '');
  vi.stubEnv('MIRO_CLIENT_SECRET', '');
  vi.stubEnv('MIRO_REDIRECT_URL', '');
}

function errorOf(make: () => unknown): MiroOAuthError {
  try {
    make();
  } catch (error) {
    return error as MiroOAuthError;
  }
  throw new Error('expected an error');
}

describe('new Miro(options)', () => {
  it('names every missing setting with its option and environment variable', () => {
    clearEnvironment();
    const error = errorOf(() => new Miro());
    expect(error).toBeInstanceOf(MiroOAuthError);
    expect(error.reason).toBe('configuration');
    expect(error.message).toBe(
      'Miro: missing clientId (option clientId or environment variable MIRO_CLIENT_ID), ' +
        'clientSecret (option clientSecret or environment variable MIRO_CLIENT_SECRET), ' +
        'redirectUrl (option redirectUrl or environment variable MIRO_REDIRECT_URL)',
    );
    const onlySecret = errorOf(() => new Miro({ clientId: 'id', redirectUrl: 'http://127.0.0.1/cb', clientSecret: '  ' }));
    expect(onlySecret.message).toBe('Miro: missing clientSecret (option clientSecret or environment variable MIRO_CLIENT_SECRET)');
  });

  it('falls back to MIRO_CLIENT_ID, MIRO_CLIENT_SECRET and MIRO_REDIRECT_URL; options win', () => {
    vi.stubEnv('MIRO_CLIENT_ID', 'env-client');
    vi.stubEnv('MIRO_CLIENT_SECRET', 'env-secret-123456');
    vi.stubEnv('MIRO_REDIRECT_URL', 'http://127.0.0.1/env-callback');
    const fromEnvironment = new URL(new Miro({ authBaseUrl: 'http://127.0.0.1:1' }).authUrl);
    expect(fromEnvironment.searchParams.get('client_id')).toBe('env-client');
    expect(fromEnvironment.searchParams.get('redirect_uri')).toBe('http://127.0.0.1/env-callback');
    const fromOptions = new URL(new Miro({ clientId: 'option-client', authBaseUrl: 'http://127.0.0.1:1' }).authUrl);
    expect(fromOptions.searchParams.get('client_id')).toBe('option-client');
  });

  it('rejects malformed URLs, durations and storage, naming the setting but not its value', () => {
    clearEnvironment();
    const base = { clientId: 'id', clientSecret: 'secret-123456', redirectUrl: 'http://127.0.0.1/cb' };
    expect(errorOf(() => new Miro({ ...base, redirectUrl: 'not a url' })).message).toBe('Miro: redirectUrl is not an absolute URL');
    expect(errorOf(() => new Miro({ ...base, apiBaseUrl: 'ftp://127.0.0.1' })).message).toBe('Miro: apiBaseUrl must be an http(s) URL, not ftp:');
    expect(errorOf(() => new Miro({ ...base, authBaseUrl: '/relative' })).message).toBe('Miro: authBaseUrl is not an absolute URL');
    expect(errorOf(() => new Miro({ ...base, refreshMarginMs: -1 })).message).toBe('Miro: refreshMarginMs must be a number of milliseconds >= 0');
    expect(errorOf(() => new Miro({ ...base, storage: {} as never })).message).toBe('Miro: storage must have get(userId) and set(userId, state) methods');
  });

  it('defaults to Miro’s hosts, trimming trailing slashes of overrides', () => {
    clearEnvironment();
    const base = { clientId: 'id', clientSecret: 'secret-123456', redirectUrl: 'https://app.example/cb' };
    expect(new Miro(base).authUrl.startsWith('https://miro.com/oauth/authorize?')).toBe(true);
    expect(new Miro({ ...base, authBaseUrl: 'http://127.0.0.1:4/' }).authUrl.startsWith('http://127.0.0.1:4/oauth/authorize?')).toBe(true);
  });

  it('refuses an empty user id', () => {
    const miro = new Miro({
      clientId: 'id',
      clientSecret: 'secret-123456',
      redirectUrl: 'http://127.0.0.1/cb',
      authBaseUrl: 'http://127.0.0.1:1',
      apiBaseUrl: 'http://127.0.0.1:1',
    });
    expect(() => miro.as('')).toThrow('Miro.as: userId must be a non-empty string');
    expect(() =>
      miro.isAuthorized(' ').subscribe({ error: (e: Error) => expect(e.message).toBe('Miro.isAuthorized: userId must be a non-empty string') }),
    ).not.toThrow();
  });
});
