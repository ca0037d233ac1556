import { afterEach, describe, expect, it } from 'vitest';
import { startMiroSimulator, type MiroSimulator, type SimulatorFaults } from '../../src/simulator/index.js';
import { boardPath, httpClient } from './http-client.js';

let sim: MiroSimulator | undefined;
afterEach(() => sim?.close());

/** Sends `count` item creations one after another; returns what each one came to. */
async function run(faults: SimulatorFaults, seed: number, count = 30) {
  sim = await startMiroSimulator({ tokens: ['t'], faults, seed });
  const board = sim.state.createBoard();
  const outcomes: string[] = [];
  for (let index = 0; index < count; index++) {
    try {
      const response = await fetch(`${sim.url}${boardPath(board.id)}/sticky_notes`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: JSON.stringify({ data: { content: `n${index}` } }),
      });
      const text = await response.text();
      let parsed = 'json';
      try {
        JSON.parse(text);
      } catch {
        parsed = 'garbled';
      }
      outcomes.push(`${response.status}:${parsed}`);
    } catch {
      outcomes.push('reset');
    }
  }
  const result = { outcomes, items: sim.state.items(board.id).length, log: [...sim.requestLog], spent: sim.state.creditsSpent('t') };
  await sim.close();
  sim = undefined;
  return result;
}

describe('faults', () => {
  const faults: SimulatorFaults = { serverErrorRate: 0.2, resetBeforeActingRate: 0.1, resetAfterActingRate: 0.1, invalidJsonRate: 0.1 };

  it('are the same for the same seed, and differ for another seed', async () => {
    const first = await run(faults, 42);
    const second = await run(faults, 42);
    const other = await run(faults, 7);
    expect(second.outcomes).toEqual(first.outcomes);
    expect(other.outcomes).not.toEqual(first.outcomes);
    // Every kind shows up in 30 requests at these rates for this seed.
    for (const kind of ['201:json', '201:garbled', 'reset']) expect(first.outcomes).toContain(kind);
    expect(first.outcomes.some((outcome) => /^50[023]:json$/.test(outcome))).toBe(true);
  });

  it('reset or fail before acting change and charge nothing; reset after acting creates and charges', async () => {
    const { log, items, spent } = await run(faults, 42);
    const acted = log.filter((entry) => entry.status === 201 || entry.fault === 'reset-after-acting');
    expect(items).toBe(acted.length);
    expect(spent).toBe(acted.length * 100);
    for (const entry of log) {
      if (entry.fault === 'reset-before-acting' || entry.fault?.startsWith('server-error')) expect(entry.credits).toBe(0);
      if (entry.fault === 'reset-after-acting' || entry.fault === 'invalid-json') expect(entry.credits).toBe(100);
    }
    expect(log.some((entry) => entry.fault === 'reset-after-acting' && entry.status === 0)).toBe(true);
  });

  it('apply only to the operations named, and can be changed at run time', async () => {
    sim = await startMiroSimulator({ tokens: ['t'], faults: { serverErrorRate: 1, operations: ['get-boards'] } });
    const call = httpClient(sim, 't');
    expect((await call('GET', '/v2/boards')).status).toBeGreaterThanOrEqual(500);
    const board = sim.state.createBoard();
    expect((await call('GET', boardPath(board.id))).status).toBe(200);
    sim.setFaults(undefined);
    expect((await call('GET', '/v2/boards')).status).toBe(200);
    expect(() => sim!.setFaults({ serverErrorRate: 2 })).toThrow(/serverErrorRate/);
  });

  it('delivers a slow body in pieces and adds latency, still valid JSON', async () => {
    sim = await startMiroSimulator({ tokens: ['t'], faults: { slowBodyMs: 40, latency: { ms: 20, operations: ['get-boards'] } } });
    const answer = await httpClient(sim, 't')('GET', '/v2/boards');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual([]);
    expect(sim.requestLog[0]?.fault).toBe('slow-body');
  });

  it('sends only a share of answers slowly when slowBodyRate is given, and refuses a rate outside 0..1', async () => {
    sim = await startMiroSimulator({ tokens: ['t'], seed: 7, faults: { slowBodyRate: 0.3, slowBodyMs: 5 } });
    const call = httpClient(sim, 't');
    for (let n = 0; n < 40; n++) expect((await call('GET', '/v2/boards')).status).toBe(200);
    const slow = sim.requestLog.filter((entry) => entry.fault === 'slow-body').length;
    expect(slow).toBeGreaterThan(3);
    expect(slow).toBeLessThan(25);
    expect(() => sim!.setFaults({ slowBodyRate: 2 })).toThrow(/faults.slowBodyRate must be a number from 0 to 1, got 2/);
  });
});

describe('latency', () => {
  it('delays only the operations named: a later, undelayed call answers first', async () => {
    sim = await startMiroSimulator({ tokens: ['t'], faults: { latency: { ms: 1_000, operations: ['get-items'] } } });
    const board = sim.state.createBoard();
    const call = httpClient(sim, 't');
    const order: string[] = [];
    const started = performance.now();
    let slowMs = 0;
    const slow = call('GET', `${boardPath(board.id)}/items`).then(() => {
      slowMs = performance.now() - started;
      order.push('get-items');
    });
    // Give the first request a head start; were the second one delayed too, it would answer last.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const fast = call('GET', boardPath(board.id)).then(() => order.push('get-specific-board'));
    await Promise.all([slow, fast]);
    expect(order).toEqual(['get-specific-board', 'get-items']);
    // A lower bound only: a delayed answer cannot come sooner, however loaded the machine.
    expect(slowMs).toBeGreaterThanOrEqual(1_000);
  });
});

describe('CORS', () => {
  it('answers preflights without auth or charge, and exposes the rate-limit headers', async () => {
    sim = await startMiroSimulator({ tokens: ['t'] });
    const preflight = await fetch(`${sim.url}/v2/boards`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:4200', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:4200');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
    const answer = await fetch(`${sim.url}/v2/boards`, { headers: { authorization: 'Bearer t', origin: 'http://localhost:4200' } });
    expect(answer.headers.get('access-control-expose-headers')).toContain('X-RateLimit-Remaining');
    expect(sim.state.creditsSpent('t')).toBe(50);
  });

  it('can be switched off', async () => {
    sim = await startMiroSimulator({ tokens: ['t'], cors: false });
    const answer = await fetch(`${sim.url}/v2/boards`, { headers: { authorization: 'Bearer t', origin: 'http://localhost:4200' } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});
