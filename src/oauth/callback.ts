import { MiroOAuthError } from '../errors/oauth-errors.js';

/** What Miro's redirect back to the app carried. */
export interface OAuthCallback {
  code: string;
  /** Absent when the caller passed a bare code. */
  state?: string;
  /** True when the input was a URL (so a `state` was expected in it). */
  fromUrl: boolean;
}

/**
 * Reads the callback: a full URL, a path with a query (`/callback?code=...`, as in Node's
 * `request.url`), or a bare code. A callback with `error=` is refused here, so that an error is
 * never sent to the token endpoint as if it were a code. Messages never include the code.
 */
export function parseCallback(urlOrCode: string, userId: string): OAuthCallback {
  if (typeof urlOrCode !== 'string' || urlOrCode.trim() === '') {
    throw new MiroOAuthError('exchangeCodeForAccessToken: the callback URL or code is empty', { reason: 'invalid-callback', userId });
  }
  const input = urlOrCode.trim();
  if (!/[?#]|:\/\//.test(input)) return { code: checkCode(input, userId), fromUrl: false };

  let url: URL;
  try {
    url = new URL(input, 'http://callback.invalid');
  } catch {
    throw new MiroOAuthError('exchangeCodeForAccessToken: the callback URL cannot be parsed', { reason: 'invalid-callback', userId });
  }
  // Some providers put the answer in the fragment; Miro uses the query, but accept both.
  const fields = new URLSearchParams(url.search || url.hash.slice(1));
  const error = fields.get('error');
  if (error !== null) {
    const description = fields.get('error_description');
    const detail = description ? `: ${description.slice(0, 200)}` : '';
    throw new MiroOAuthError(`Miro did not authorise the app (${error.slice(0, 60)}${detail})`, {
      reason: 'authorization-denied',
      oauthError: error.slice(0, 60),
      userId,
    });
  }
  const code = fields.get('code');
  if (code === null || code === '') {
    throw new MiroOAuthError('exchangeCodeForAccessToken: the callback URL carries neither a code nor an error', {
      reason: 'invalid-callback',
      userId,
    });
  }
  return { code: checkCode(code, userId), state: fields.get('state') ?? undefined, fromUrl: true };
}

function checkCode(code: string, userId: string): string {
  if (!/^[\w.~+/=-]+$/.test(code) || code.length > 2048) {
    throw new MiroOAuthError('exchangeCodeForAccessToken: the authorization code has unexpected characters', {
      reason: 'invalid-callback',
      userId,
    });
  }
  return code;
}
