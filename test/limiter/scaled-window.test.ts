import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, merge, toArray } from 'rxjs';
import { MiroApi } from '../../src/index.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { creditsPerWindow } from './budget-windows.js';

const BUDGET = 2_000;
const WINDOW_MS = 2_000;
let sim: MiroSimulator | undefined;

afterEach(async () => {
  await closeSharedCreditLimiters();
  await sim?.close();
  sim = undefined;
});

async function setup(token: string) {
  sim = await startMiroSimulator({ tokens: [token], rateLimit: { budget: BUDGET, windowMs: WINDOW_MS } });
  const board = sim.state.createBoard({ name: 'limiter' });
  sim.state.addItems(board.id, 5);
  const api = new MiroApi(token, {
    baseUrl: sim.url,
    scimBaseUrl: `${sim.url}/scim`,
    rateLimit: { budget: BUDGET, windowMs: WINDOW_MS, resetMarginMs: 20 },
    retry: { minDelayMs: 5 },
  });
  return { sim, api, boardId: board.id };
}

describe('credit limiter against the simulator at a scaled window (2,000 credits / 2 s)', () => {
  it('never lets a server window receive more than the budget, and sees no 429 after the first window', async () => {
    const { sim, api, boardId } = await setup('scaled-mixed');
    const itemId = sim.state.items(boardId)[0]!.id;
    // Mixed levels: 50 (read board), 100 (list items), 500 (delete... here: create board), and bulk N x 100.
    const calls = [];
    for (let i = 0; i < 16; i += 1) {
      calls.push(api.getSpecificBoard(boardId));
      calls.push(api.getItems(boardId, { limit: 50 }));
      calls.push(api.getSpecificItem(boardId, itemId));
      if (i % 4 === 0) calls.push(api.createBoard({ name: `b${i}` }));
      if (i % 5 === 0)
        calls.push(
          api.createItems(
            boardId,
            Array.from({ length: 5 }, (_, n) => ({ type: 'sticky_note', data: { content: `bulk ${i}.${n}` } })),
          ),
        );
    }
    const results = await lastValueFrom(merge(...calls, 64).pipe(toArray()));
    expect(results).toHaveLength(calls.length);

    const log = sim.requestLog;
    for (const [start, credits] of creditsPerWindow(log, WINDOW_MS)) {
      expect(credits, `window starting ${start}`).toBeLessThanOrEqual(BUDGET);
    }
    const firstWindowEnds = log[0]!.time - (log[0]!.time % WINDOW_MS) + WINDOW_MS;
    expect(log.filter((entry) => entry.status === 429 && entry.time >= firstWindowEnds)).toEqual([]);
    const state = await firstValueFrom(api.rateLimitState$);
    // Every attempt went through the limiter and was charged there.
    expect(state.sent).toBe(log.length);
    expect(state.creditsSpent).toBeGreaterThanOrEqual(log.reduce((sum, entry) => sum + entry.credits, 0));
    console.log([...creditsPerWindow(log, WINDOW_MS).values()], log.filter((e) => e.status === 429).length);
  });
});
