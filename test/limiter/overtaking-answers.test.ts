import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import { CreditLimiter } from '../../src/limiter/credit-limiter.js';
import { LocalCreditStore } from '../../src/limiter/local-credit-store.js';
import { chargedPerWindow, fakeCreditServer, fakeRequest } from './support/fake-credit-server.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

// The bulk benchmark's shape: calls of 20 items (2,000 credits) against 20,000 credits per 2 s,
// four in flight, so that one call held back is a tenth of a window.
const BUDGET = 20_000;
const WINDOW_MS = 2_000;
const CALL = 2_000;
const CALLS = 60;

async function run(answerMs: (handled: number) => number, arrivalMs = 2, costs: readonly number[] = Array.from({ length: CALLS }, () => CALL)) {
  const server = fakeCreditServer({ budget: BUDGET, windowMs: WINDOW_MS, arrivalMs, answerMs });
  const config = { budget: BUDGET, windowMs: WINDOW_MS, maxConcurrent: BUDGET };
  const credits = new CreditLimiter({ ...config, resetMarginMs: 100, store: new LocalCreditStore(config) });
  const done = lastValueFrom(
    from(costs).pipe(
      mergeMap((cost) => credits.run$(fakeRequest(cost), server.send), 4),
      toArray(),
    ),
  );
  await vi.advanceTimersByTimeAsync(60_000);
  expect(await done).toHaveLength(costs.length);
  await credits.close();
  return { windows: chargedPerWindow(server.charged, WINDOW_MS), rateLimited: server.charged.filter((c) => c.status === 429).length };
}

/** Full windows (all but the first and last) must each have been charged the whole budget, none more. */
function expectEveryFullWindowSpent({ windows, rateLimited }: Awaited<ReturnType<typeof run>>) {
  expect(rateLimited).toBe(0);
  expect(Math.max(...windows)).toBeLessThanOrEqual(BUDGET);
  expect(windows.slice(1, -1)).toEqual(windows.slice(1, -1).map(() => BUDGET));
}

// Without giving back the credits of stale answers, these runs charged 0.8 to 0.9 of most windows.
describe('credit limiter: answers read in another order than the server handled them', () => {
  it('every third call answered after the calls handled next: every full window spent', async () => {
    expectEveryFullWindowSpent(await run((handled) => (handled % 3 === 0 ? 15 : 3)));
  });

  it('answers of four calls read in reverse order: every full window spent', async () => {
    expectEveryFullWindowSpent(await run((handled) => 20 - (handled % 4) * 5, 1));
  });

  it('the last two calls of each window answered after the next window opened: every full window spent', async () => {
    // 2.2 s: after the roll (reset + 100 ms), before the next window ends. Each window holds ten calls.
    expectEveryFullWindowSpent(await run((handled) => (handled % 10 >= 8 ? 2_200 : 3), 1));
  });

  it('answers in random order, some after the next window opened: never over the budget, no 429', async () => {
    // Enough calls that a limiter giving back credits it should not (for every answer, say) draws 429s here.
    for (const start of [1, 7, 42, 1_000, 65_537]) {
      let seed = start;
      const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
      const costs = Array.from({ length: 200 }, () => [100, 500, 2_000, 1_200][Math.floor(random() * 4)]!);
      const delays = costs.map(() => (random() < 0.2 ? 1_000 + random() * 1_500 : random() * 40));
      const { windows, rateLimited } = await run((handled) => delays[handled]!, 1, costs);
      expect(rateLimited, `seed ${start}`).toBe(0);
      expect(Math.max(...windows), `seed ${start}`).toBeLessThanOrEqual(BUDGET);
      expect(windows.reduce((sum, credits) => sum + credits, 0)).toBe(costs.reduce((sum, credits) => sum + credits, 0));
    }
  });
});
