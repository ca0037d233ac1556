import { afterEach, describe, expect, it } from 'vitest';
import { startMiroSimulator, type MiroSimulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { boardPath, httpClient } from './http-client.js';

let sim: MiroSimulator | undefined;
afterEach(() => sim?.close());

/** A simulator whose clock the test moves by hand. */
async function simulatorAt(start: number, options: SimulatorOptions = {}) {
  const clock = { now: start };
  sim = await startMiroSimulator({ now: () => clock.now, ...options });
  return { sim, clock };
}

describe('credits', () => {
  it('charges each operation its level and reports Miro headers on every authenticated answer', async () => {
    const { sim } = await simulatorAt(1_000_000_000_000 + 5_000, { tokens: ['t'] });
    const call = httpClient(sim, 't');
    const board = sim.state.createBoard();
    const boardRead = await call('GET', boardPath(board.id)); // level 1: 50
    expect(boardRead.headers.get('x-ratelimit-limit')).toBe('100000');
    expect(boardRead.headers.get('x-ratelimit-remaining')).toBe('99950');
    // Windows are aligned to epoch multiples of 60 s: this one ends at 1,000,000,020 s.
    expect(boardRead.headers.get('x-ratelimit-reset')).toBe(String(Math.ceil((1_000_000_000_000 + 20_000) / 1000)));
    await call('GET', `${boardPath(board.id)}/items`); // level 2: 100
    await call('POST', '/v2/boards', { name: 'x' }); // level 3: 500
    await call('PUT', `/v2/boards?copy_from=${encodeURIComponent(board.id)}`); // level 4: 2000
    const bulk = await call(
      'POST',
      `${boardPath(board.id)}/items/bulk`,
      Array.from({ length: 7 }, () => ({ type: 'sticky_note' })),
    );
    expect(bulk.status).toBe(201);
    expect(sim.state.creditsSpent('t')).toBe(50 + 100 + 500 + 2000 + 700);
    expect(sim.requestLog.map((entry) => entry.credits)).toEqual([50, 100, 500, 2000, 700]);
    expect(Number(bulk.headers.get('x-ratelimit-remaining'))).toBe(100_000 - 3350);
  });

  it('answers 429 in Miro shape when the cost exceeds what is left, and charges nothing for it', async () => {
    const { sim } = await simulatorAt(0, { tokens: ['t'], rateLimit: { budget: 1000, windowMs: 60_000 } });
    const call = httpClient(sim, 't');
    const board = sim.state.createBoard();
    sim.state.addItems(board.id, 1);
    const bulk = await call(
      'POST',
      `${boardPath(board.id)}/items/bulk`,
      Array.from({ length: 9 }, () => ({ type: 'shape' })),
    );
    expect(bulk.status).toBe(201);
    expect(bulk.headers.get('x-ratelimit-remaining')).toBe('100');
    // 200 credits asked, 100 left: refused whole, nothing created.
    const refused = await call('POST', `${boardPath(board.id)}/items/bulk`, [{ type: 'shape' }, { type: 'shape' }]);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ status: 429, code: 'tooManyRequests', message: expect.any(String), context: null, type: 'error' });
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('100');
    expect(sim.state.items(board.id)).toHaveLength(10);
    expect(sim.state.creditsSpent('t')).toBe(900);
    // What is left still buys a cheaper call.
    expect((await call('GET', `${boardPath(board.id)}/items`)).status).toBe(200);
    expect((await call('GET', boardPath(board.id))).status).toBe(429);
  });

  it('starts a fresh budget when the fixed window turns', async () => {
    const { sim, clock } = await simulatorAt(120_000 + 59_000, { tokens: ['t'], rateLimit: { budget: 100, windowMs: 60_000 } });
    const call = httpClient(sim, 't');
    const board = sim.state.createBoard();
    expect((await call('GET', `${boardPath(board.id)}/items`)).status).toBe(200);
    const refused = await call('GET', boardPath(board.id));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-reset')).toBe('180');
    clock.now = 180_000;
    const fresh = await call('GET', boardPath(board.id));
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-ratelimit-remaining')).toBe('50');
    expect(fresh.headers.get('x-ratelimit-reset')).toBe('240');
  });

  it('counts credits per user: two tokens of one user share a budget, other users have their own', async () => {
    const { sim } = await simulatorAt(0, { tokens: { a1: 'alice', a2: 'alice', b: 'bob' }, rateLimit: { budget: 100, windowMs: 60_000 } });
    const board = sim.state.createBoard();
    expect((await httpClient(sim, 'a1')('GET', boardPath(board.id))).status).toBe(200);
    expect((await httpClient(sim, 'a2')('GET', boardPath(board.id))).status).toBe(200);
    expect((await httpClient(sim, 'a2')('GET', boardPath(board.id))).status).toBe(429);
    expect((await httpClient(sim, 'b')('GET', boardPath(board.id))).status).toBe(200);
    expect(sim.requestLog.map((entry) => entry.userId)).toEqual(['alice', 'alice', 'alice', 'bob']);
  });

  it('charges nothing for refused requests: 401, 400, 404, 501', async () => {
    const { sim } = await simulatorAt(0, { tokens: ['t'] });
    const call = httpClient(sim, 't');
    const board = sim.state.createBoard();
    expect((await httpClient(sim, 'wrong')('GET', boardPath(board.id))).status).toBe(401);
    expect((await call('POST', `${boardPath(board.id)}/items/bulk`, [{ type: 'text' }])).status).toBe(400);
    expect((await call('GET', boardPath('missing'))).status).toBe(404);
    const unsimulated = await call('GET', '/v2/orgs/o/teams');
    expect(unsimulated.status).toBe(501);
    expect(unsimulated.headers.get('x-ratelimit-remaining')).toBe('100000');
    expect(sim.state.creditsSpent('t')).toBe(0);
    expect(sim.requestLog.every((entry) => entry.credits === 0)).toBe(true);
  });

  it('sends no rate-limit headers and refuses nothing for credits when rateLimit is false', async () => {
    const { sim } = await simulatorAt(0, { tokens: ['t'], rateLimit: false });
    const answer = await httpClient(sim, 't')('GET', '/v2/boards');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-ratelimit-limit')).toBeNull();
  });
});

describe('authentication', () => {
  it('answers 401 in Miro shape without a token, with an unknown one, and with an expired or revoked one', async () => {
    const { sim, clock } = await simulatorAt(0, { tokens: ['t'] });
    const missing = await httpClient(sim)('GET', '/v2/boards');
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ status: 401, type: 'error', code: 'tokenNotProvided' });
    expect(missing.headers.get('x-ratelimit-limit')).toBeNull();
    expect((await httpClient(sim, 'nope')('GET', '/v2/boards')).body.code).toBe('tokenNotFound');

    const issued = sim.state.issueToken('carol', { expiresInSeconds: 60 });
    expect((await httpClient(sim, issued)('GET', '/v2/boards')).status).toBe(200);
    clock.now = 60_000;
    expect((await httpClient(sim, issued)('GET', '/v2/boards')).body.code).toBe('tokenExpired');

    const other = sim.state.issueToken('dave');
    expect((await fetch(`${sim.url}/v1/oauth/revoke?access_token=${other}`, { method: 'POST' })).status).toBe(204);
    expect((await httpClient(sim, other)('GET', '/v2/boards')).body.code).toBe('tokenRevoked');
    expect(JSON.stringify(sim.requestLog)).not.toContain(other);
  });

  it('accepts the default token when no tokens are configured', async () => {
    const { sim } = await simulatorAt(0);
    const { DEFAULT_SIMULATOR_TOKEN } = await import('../../src/simulator/index.js');
    expect((await httpClient(sim, DEFAULT_SIMULATOR_TOKEN)('GET', '/v2/boards')).status).toBe(200);
  });
});
