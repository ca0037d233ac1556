import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake saw it, body included (to prove where secrets travelled). */
export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Grant {
  userId: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  revoked: boolean;
}

export interface FakeMiroOAuthOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accessTokenTtlSeconds?: number;
  /** Delay of token endpoint answers, so concurrent callers overlap with a refresh in flight. */
  tokenDelayMs?: number;
}

/**
 * A loopback stand-in for Miro's OAuth endpoints and one API route, used until (and beside)
 * the simulator: authorize redirect, token endpoint with rotating refresh tokens, revoke v2,
 * token info, and GET /v2/boards/{id} that checks the Bearer token and its expiry.
 */
export async function startFakeMiroOAuth(options: FakeMiroOAuthOptions) {
  const requests: SeenRequest[] = [];
  const codes = new Map<string, { userId: string; redirectUri: string }>();
  const grants: Grant[] = [];
  let counter = 0;
  const issuedCodes: string[] = [];
  type Override = (request: SeenRequest) => { status: number; body?: string; hang?: boolean } | undefined;
  let tokenReply: Override | undefined;
  let revokeReply: Override | undefined;
  const ttl = () => (options.accessTokenTtlSeconds ?? 3600) * 1000;
  const issue = (userId: string): Grant => {
    counter += 1;
    const grant = {
      userId,
      accessToken: `at-${counter}-${'x'.repeat(24)}`,
      refreshToken: `rt-${counter}-${'y'.repeat(24)}`,
      expiresAt: Date.now() + ttl(),
      revoked: false,
    };
    grants.push(grant);
    return grant;
  };
  const bearer = (request: SeenRequest) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    return grants.find((grant) => grant.accessToken === token && !grant.revoked && grant.expiresAt > Date.now());
  };

  const answer = (request: SeenRequest, url: URL): { status: number; body?: unknown; location?: string } => {
    if (request.method === 'GET' && url.pathname === '/oauth/authorize') {
      const redirect = new URL(url.searchParams.get('redirect_uri') ?? '');
      const state = url.searchParams.get('state');
      if (url.searchParams.get('deny') === '1') redirect.searchParams.set('error', 'access_denied');
      else {
        counter += 1;
        const code = `code-${counter}-${'z'.repeat(24)}`;
        issuedCodes.push(code);
        codes.set(code, { userId: url.searchParams.get('user_id') ?? 'user-1', redirectUri: redirect.toString() });
        redirect.searchParams.set('code', code);
      }
      if (state) redirect.searchParams.set('state', state);
      return { status: 302, location: redirect.toString() };
    }
    if (request.method === 'POST' && url.pathname === '/v1/oauth/token') {
      const form = new URLSearchParams(request.body);
      if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
        return { status: 401, body: { error: 'invalid_client', error_description: 'unknown client' } };
      }
      let userId: string | undefined;
      if (form.get('grant_type') === 'authorization_code') {
        const code = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (code && form.get('redirect_uri') === options.redirectUri) userId = code.userId;
      } else if (form.get('grant_type') === 'refresh_token') {
        const grant = grants.find((g) => g.refreshToken === form.get('refresh_token') && !g.revoked);
        if (grant) {
          grant.revoked = true; // rotation: the old refresh token is spent
          userId = grant.userId;
        }
      }
      if (!userId) return { status: 400, body: { error: 'invalid_grant', error_description: 'code or refresh token is invalid' } };
      const grant = issue(userId);
      return {
        status: 200,
        body: {
          access_token: grant.accessToken,
          refresh_token: grant.refreshToken,
          expires_in: ttl() / 1000,
          user_id: userId,
          team_id: 'team-1',
          scope: 'boards:read boards:write',
          token_type: 'bearer',
        },
      };
    }
    if (request.method === 'POST' && url.pathname === '/v2/oauth/revoke') {
      const body = JSON.parse(request.body || '{}') as { accessToken?: string; clientId?: string; clientSecret?: string };
      if (body.clientId !== options.clientId || body.clientSecret !== options.clientSecret)
        return { status: 401, body: { status: 401, code: 'unauthorized', message: 'bad client' } };
      const grant = grants.find((g) => g.accessToken === body.accessToken && !g.revoked);
      if (!grant) return { status: 404, body: { status: 404, code: 'notFound', message: 'token not found' } };
      grant.revoked = true;
      return { status: 204 };
    }
    const grant = bearer(request);
    if (!grant) return { status: 401, body: { status: 401, code: 'tokenExpired', message: 'token is invalid or expired', type: 'error' } };
    if (request.method === 'GET' && url.pathname === '/v1/oauth-token') {
      const who = { type: 'user', name: grant.userId, id: grant.userId };
      return {
        status: 200,
        body: {
          type: 'oauth-token',
          organization: { type: 'organization', name: 'Org', id: 'org-1' },
          team: { type: 'team', name: 'Team', id: 'team-1' },
          createdBy: who,
          user: who,
          scopes: ['boards:read'],
        },
      };
    }
    const board = /^\/v2\/boards\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && board) return { status: 200, body: { id: decodeURIComponent(board[1]!), type: 'board', name: `Board of ${grant.userId}` } };
    return { status: 404, body: { status: 404, code: 'notFound', message: 'no such route' } };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      requests.push(seen);
      const url = new URL(seen.url, 'http://fake');
      const isToken = url.pathname === '/v1/oauth/token';
      const override = isToken ? tokenReply?.(seen) : url.pathname === '/v2/oauth/revoke' ? revokeReply?.(seen) : undefined;
      const reply = override ?? answer(seen, url);
      if ('hang' in reply && reply.hang) return;
      const send = () => {
        if (res.destroyed) return;
        res.statusCode = reply.status;
        if ('location' in reply && reply.location) res.setHeader('location', reply.location);
        if ('body' in reply && reply.body !== undefined) {
          res.setHeader('content-type', 'application/json');
          res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
        } else res.end();
      };
      if (isToken && options.tokenDelayMs) setTimeout(send, options.tokenDelayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    /** Token endpoint requests for one grant type. */
    tokenRequests: (grantType?: string) =>
      requests.filter((r) => r.url.startsWith('/v1/oauth/token') && (!grantType || new URLSearchParams(r.body).get('grant_type') === grantType)),
    /** Makes Miro reject every current access token before its announced expiry. */
    expireAccessTokens: () => grants.forEach((grant) => (grant.expiresAt = Date.now() - 1)),
    /** Overrides token endpoint answers (return undefined to answer normally). */
    setTokenReply: (reply: typeof tokenReply) => (tokenReply = reply),
    /** Overrides revoke (v2) answers (return undefined to answer normally). */
    setRevokeReply: (reply: typeof revokeReply) => (revokeReply = reply),
    /** Follows the authorize redirect as a browser would, returning the callback URL. */
    authorize: async (authUrl: string, extra: Record<string, string> = {}) => {
      const target = new URL(authUrl);
      for (const [key, value] of Object.entries(extra)) target.searchParams.set(key, value);
      const response = await fetch(target, { redirect: 'manual' });
      return response.headers.get('location') ?? '';
    },
    liveGrants: () => grants.filter((g) => !g.revoked),
    /** Every code, access token and refresh token this fake has handed out. */
    issuedSecrets: () => [...issuedCodes, ...grants.flatMap((g) => [g.accessToken, g.refreshToken])],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeMiroOAuth = Awaited<ReturnType<typeof startFakeMiroOAuth>>;
