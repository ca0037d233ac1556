import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, of } from 'rxjs';
import { MiroApi, MiroApiError, MiroError } from '../../src/index.js';
import { budgetOf } from '../../src/client/miro-client.js';
import { closeSharedCreditLimiters, sharedCreditLimiterCount } from '../../src/limiter/shared-credit-limiters.js';
import { startCreditServer } from './support/credit-server.js';

afterEach(() => closeSharedCreditLimiters());

// Miro's budget belongs to the token: clients sending the same token spend one budget, however
// they hold it (issue 28, must-hold 4).
describe('budgets are named by the token sent', () => {
  let server: Awaited<ReturnType<typeof startCreditServer>>;
  beforeAll(async () => {
    server = await startCreditServer({ limit: 100_000, resetAt: Date.now() + 3_600_000 });
  });
  afterAll(() => server.close());

  it('clients whose token functions return the same token share one budget, with a client holding it as a string', async () => {
    const a = new MiroApi(() => 'same-token', { baseUrl: server.url });
    const b = new MiroApi(async () => 'same-token', { baseUrl: server.url });
    const c = new MiroApi(() => of('same-token'), { baseUrl: server.url });
    const d = new MiroApi('same-token', { baseUrl: server.url });
    for (const api of [a, b, c, d]) await lastValueFrom(api.getSpecificBoard('b1'));
    expect(sharedCreditLimiterCount()).toBe(1); // before: one budget per token function
    const state = await firstValueFrom(d.rateLimitState$);
    expect(state.sent).toBe(4);
    expect(state.creditsSpent).toBe(200);
  });

  it('a token function that rotates charges each attempt to the budget of the token it sent', async () => {
    let token = 'first-token';
    const api = new MiroApi(() => token, { baseUrl: server.url });
    const first = new MiroApi('first-token', { baseUrl: server.url });
    const second = new MiroApi('second-token', { baseUrl: server.url });
    await lastValueFrom(api.getSpecificBoard('b1'));
    token = 'second-token';
    await lastValueFrom(api.getSpecificBoard('b1'));
    await lastValueFrom(api.getSpecificBoard('b1'));
    expect((await firstValueFrom(first.rateLimitState$)).sent).toBe(1);
    expect((await firstValueFrom(second.rateLimitState$)).sent).toBe(2);
    // The rotating client's own view follows the token it sends now.
    expect((await firstValueFrom(api.rateLimitState$)).sent).toBe(2);
  });

  it('names a budget by a digest, never the token; `rateLimit.key` names it instead when given', async () => {
    const secret = 'eyJ-a-secret-token-value';
    const byToken = new MiroApi(() => secret, { baseUrl: server.url });
    await lastValueFrom(byToken.getSpecificBoard('b1'));
    const key = budgetOf(byToken.client)!.key;
    expect(key).not.toContain(secret);
    expect(key).toMatch(/token:[0-9a-f]{16}$/);
    const named = new MiroApi(() => 'another-token', { baseUrl: server.url, rateLimit: { key: 'tenant-7' } });
    const sameName = new MiroApi('yet-another-token', { baseUrl: server.url, rateLimit: { key: 'tenant-7' } });
    await lastValueFrom(named.getSpecificBoard('b1'));
    await lastValueFrom(sameName.getSpecificBoard('b1'));
    expect(budgetOf(named.client)!.key).toBe(budgetOf(sameName.client)!.key);
    expect(sharedCreditLimiterCount()).toBe(2);
  });
});

describe('a 401 costs no credits', () => {
  // Miro refuses a token it does not accept before counting the request: no X-RateLimit-* headers.
  let url = '';
  let server: http.Server;
  beforeAll(async () => {
    const resetAt = Math.ceil((Date.now() + 3_600_000) / 1000);
    server = http.createServer((req, res) => {
      if (req.headers.authorization === 'Bearer good') {
        res.writeHead(200, {
          'content-type': 'application/json',
          'x-ratelimit-limit': '1000',
          'x-ratelimit-remaining': '950',
          'x-ratelimit-reset': String(resetAt),
        });
        res.end(JSON.stringify({ id: 'b1', type: 'board', name: 'b' }));
        return;
      }
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 401, code: 'tokenNotProvided', message: 'no', type: 'error' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('gives back the credits held for a 401 without rate-limit headers', async () => {
    let token = 'good';
    const api = new MiroApi(() => token, { baseUrl: url, rateLimit: { key: 'user-401', budget: 1000 } });
    await lastValueFrom(api.getSpecificBoard('b1'));
    expect((await firstValueFrom(api.rateLimitState$)).creditsLeft).toBe(950);
    token = 'revoked';
    const failure = await lastValueFrom(api.getSpecificBoard('b1')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MiroApiError);
    expect((failure as MiroApiError).status).toBe(401);
    const state = await firstValueFrom(api.rateLimitState$);
    expect(state.creditsLeft).toBe(950); // before: 900, as if Miro had charged it
    expect(state.creditsSpent).toBe(50);
  });
});

describe('a token function meeting a budget of other settings', () => {
  it('fails that call as refused, naming both settings, sends nothing and does not retry', async () => {
    const server = await startCreditServer({ limit: 100_000, resetAt: Date.now() + 3_600_000 });
    try {
      const first = new MiroApi('shared-token', { baseUrl: server.url, rateLimit: { budget: 1000 } });
      await lastValueFrom(first.getSpecificBoard('b1'));
      const other = new MiroApi(() => 'shared-token', { baseUrl: server.url, rateLimit: { budget: 2000 } });
      const failure = await lastValueFrom(other.getSpecificBoard('b1')).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MiroError);
      expect(String((failure as Error).message)).toMatch(/same settings.*nothing was sent/);
      expect((failure as MiroError).attempts).toBe(1);
      expect(server.requests).toHaveLength(1); // only the first client's call
    } finally {
      await server.close();
    }
  });
});
