import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { httpClient } from './http-client.js';

const app = { clientId: 'app-1', clientSecret: 'shh-secret', redirectUri: 'http://127.0.0.1:9/callback' };
let sim: MiroSimulator;
let clock: { now: number };

beforeEach(async () => {
  clock = { now: 1_800_000_000_000 };
  sim = await startMiroSimulator({ tokens: [], oauth: { clients: [app], accessTokenTtlSeconds: 3600 }, now: () => clock.now, rateLimit: { budget: 1000 } });
});
afterEach(() => sim.close());

/** Runs the consent step and returns the redirect the browser would follow. */
async function authorize(extra = ''): Promise<URL> {
  const query = `response_type=code&client_id=${app.clientId}&redirect_uri=${encodeURIComponent(app.redirectUri)}&state=xyz${extra}`;
  const response = await fetch(`${sim.url}/oauth/authorize?${query}`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

async function token(fields: Record<string, string>, as: 'form' | 'query' = 'form') {
  const params = new URLSearchParams(fields).toString();
  const response =
    as === 'form'
      ? await fetch(`${sim.url}/v1/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: params })
      : await fetch(`${sim.url}/v1/oauth/token?${params}`, { method: 'POST' });
  return { status: response.status, body: await response.json() };
}

const codeGrant = (code: string) => ({
  grant_type: 'authorization_code',
  client_id: app.clientId,
  client_secret: app.clientSecret,
  code,
  redirect_uri: app.redirectUri,
});
const refreshGrant = (refresh: string) => ({ grant_type: 'refresh_token', client_id: app.clientId, client_secret: app.clientSecret, refresh_token: refresh });

describe('OAuth authorization code flow', () => {
  it('redirects with a code and state, exchanges it once, and the token works', async () => {
    const redirect = await authorize('&user_id=alice');
    expect(`${redirect.origin}${redirect.pathname}`).toBe(app.redirectUri);
    expect(redirect.searchParams.get('state')).toBe('xyz');
    const code = redirect.searchParams.get('code')!;

    const granted = await token(codeGrant(code));
    expect(granted.status).toBe(200);
    expect(granted.body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 3600,
      user_id: 'alice',
      team_id: expect.any(String),
      scope: expect.any(String),
      token_type: 'bearer',
    });
    const info = await httpClient(sim, granted.body.access_token)('GET', '/v1/oauth-token');
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ type: 'token', user: { id: 'alice' }, team: { id: granted.body.team_id } });

    // Codes are single use.
    expect((await token(codeGrant(code))).body.error).toBe('invalid_grant');
  });

  it('accepts the token request as query parameters too, and refuses a wrong secret or redirect', async () => {
    const code = (await authorize()).searchParams.get('code')!;
    expect((await token({ ...codeGrant(code), client_secret: 'wrong' }, 'query')).status).toBe(401);
    expect((await token({ ...codeGrant(code), redirect_uri: 'http://127.0.0.1:9/other' }, 'query')).status).toBe(400);
    const fresh = (await authorize()).searchParams.get('code')!;
    const granted = await token(codeGrant(fresh), 'query');
    expect(granted.status).toBe(200);
    expect(granted.body.user_id).toBe('user-1');
  });

  it('redirects with access_denied when the user refuses, and never redirects to an unregistered URI', async () => {
    const denied = await authorize('&deny=1');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('xyz');
    expect(denied.searchParams.has('code')).toBe(false);
    const wrong = await fetch(`${sim.url}/oauth/authorize?response_type=code&client_id=${app.clientId}&redirect_uri=http://evil.invalid/`, {
      redirect: 'manual',
    });
    expect(wrong.status).toBe(400);
    expect((await fetch(`${sim.url}/oauth/authorize?response_type=code&client_id=nope`, { redirect: 'manual' })).status).toBe(400);
  });

  it('rotates refresh tokens, keeps the user (and its credit budget) and expires access tokens', async () => {
    const first = await token(codeGrant((await authorize('&user_id=bob')).searchParams.get('code')!));
    const board = sim.state.createBoard();
    expect((await httpClient(sim, first.body.access_token)('GET', `/v2/boards/${encodeURIComponent(board.id)}`)).status).toBe(200);

    const refreshed = await token(refreshGrant(first.body.refresh_token));
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.user_id).toBe('bob');
    expect(refreshed.body.refresh_token).not.toBe(first.body.refresh_token);
    expect((await token(refreshGrant(first.body.refresh_token))).body.error).toBe('invalid_grant');
    // Same user, same budget: 50 spent with the first token shows with the second.
    expect(sim.state.creditsSpent(refreshed.body.access_token)).toBe(50);

    clock.now += 3600 * 1000;
    const expired = await httpClient(sim, refreshed.body.access_token)('GET', '/v2/boards');
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('tokenExpired');
    const again = await token(refreshGrant(refreshed.body.refresh_token));
    expect((await httpClient(sim, again.body.access_token)('GET', '/v2/boards')).status).toBe(200);
  });

  it('revokes with v2 (JSON body, client credentials) and keeps secrets out of the log', async () => {
    const granted = await token(codeGrant((await authorize()).searchParams.get('code')!), 'query');
    const revoke = (body: unknown) =>
      fetch(`${sim.url}/v2/oauth/revoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await revoke({ accessToken: granted.body.access_token, clientId: app.clientId, clientSecret: 'wrong' })).status).toBe(401);
    expect((await revoke({ accessToken: granted.body.access_token })).status).toBe(400);
    expect((await revoke({ accessToken: granted.body.access_token, clientId: app.clientId, clientSecret: app.clientSecret })).status).toBe(204);
    expect((await httpClient(sim, granted.body.access_token)('GET', '/v2/boards')).body.code).toBe('tokenRevoked');
    expect((await revoke({ accessToken: 'unknown', clientId: app.clientId, clientSecret: app.clientSecret })).status).toBe(404);

    const tokenCalls = sim.requestLog.filter((entry) => entry.operationId === 'oauth-token');
    expect(tokenCalls).toEqual([expect.objectContaining({ status: 200, credits: 0, userId: 'user-1' })]);
    const log = JSON.stringify(sim.requestLog);
    for (const secret of [app.clientSecret, granted.body.access_token, granted.body.refresh_token]) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/code=sim-code/);
  });

  it('refuses an unknown grant type and an unregistered app', async () => {
    expect((await token({ grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret })).body.error).toBe('unsupported_grant_type');
    expect((await token({ grant_type: 'refresh_token', client_id: 'other', client_secret: 'x', refresh_token: 'y' })).body.error).toBe('invalid_client');
  });
});
