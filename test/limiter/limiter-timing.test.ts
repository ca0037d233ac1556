import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lastValueFrom, merge, toArray } from 'rxjs';
import { CreditLimiter } from '../../src/limiter/credit-limiter.js';
import { LocalCreditStore } from '../../src/limiter/local-credit-store.js';
import { chargedPerWindow, fakeCreditServer, fakeRequest as request, type FakeCharge } from './support/fake-credit-server.js';

// Fake timers drive Bottleneck's own setTimeout(0) yields, the limiter's reset timer and the
// fake server below, so windows of seconds run in microseconds and never depend on CPU load.
beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

const BUDGET = 2000;
const WINDOW_MS = 2000;

/** The fake server of support/, answers in the order it handled them, after `latencyMs` in all. */
function fakeServer(latencyMs: number, outsideSpend = 0) {
  return fakeCreditServer({ budget: BUDGET, windowMs: WINDOW_MS, arrivalMs: latencyMs / 2, answerMs: () => latencyMs / 2, outsideSpend });
}

function limiter(resetMarginMs = 0) {
  const config = { budget: BUDGET, windowMs: WINDOW_MS, maxConcurrent: BUDGET };
  return new CreditLimiter({ ...config, resetMarginMs, store: new LocalCreditStore(config) });
}

const perWindow = (charged: FakeCharge[]) => chargedPerWindow(charged, WINDOW_MS);

describe('credit limiter timing (fake timers)', () => {
  it('mixed levels with latency: no window over budget, windows nearly full, no 429', async () => {
    const server = fakeServer(40);
    const credits = limiter();
    const costs = Array.from({ length: 150 }, (_, i) => [50, 100, 50, 500, 300][i % 5]!);
    const done = lastValueFrom(merge(...costs.map((cost) => credits.run$(request(cost), server.send))).pipe(toArray()));
    await vi.advanceTimersByTimeAsync(40_000);
    expect(await done).toHaveLength(costs.length);
    const windows = perWindow(server.charged);
    expect(Math.max(...windows)).toBeLessThanOrEqual(BUDGET);
    expect(server.charged.filter((c) => c.status === 429)).toEqual([]);
    // Every full window (all but the first and the last) spends at least 90% of the budget.
    for (const used of windows.slice(1, -1)) expect(used).toBeGreaterThanOrEqual(0.9 * BUDGET);
    await credits.close();
  });

  it('opens the next window at the server reset plus the margin, not before', async () => {
    const server = fakeServer(10);
    const credits = limiter(300);
    const costs = Array.from({ length: 60 }, () => 100); // three windows' worth
    const done = lastValueFrom(merge(...costs.map((cost) => credits.run$(request(cost), server.send))).pipe(toArray()));
    await vi.advanceTimersByTimeAsync(20_000);
    await done;
    const firstWindowEnd = server.charged[0]!.time - (server.charged[0]!.time % WINDOW_MS) + WINDOW_MS;
    const second = server.charged.filter((c) => c.time >= firstWindowEnd);
    expect(second[0]!.time).toBeGreaterThanOrEqual(firstWindowEnd + 300);
    expect(second[0]!.time).toBeLessThan(firstWindowEnd + 300 + 50);
    await credits.close();
  });

  it('credits spent elsewhere before the first answer are left alone: no 429 at all', async () => {
    const server = fakeServer(20, 1500);
    const credits = limiter();
    const done = lastValueFrom(merge(...Array.from({ length: 50 }, () => credits.run$(request(100), server.send))).pipe(toArray()));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await done).toHaveLength(50);
    const windows = perWindow(server.charged);
    expect(windows[0]).toBe(500);
    expect(Math.max(...windows)).toBeLessThanOrEqual(BUDGET);
    expect(server.charged.filter((c) => c.status === 429)).toEqual([]);
    await credits.close();
  });
});
