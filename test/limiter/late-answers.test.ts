import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { CreditLimiter } from '../../src/limiter/credit-limiter.js';
import { LocalCreditStore } from '../../src/limiter/local-credit-store.js';
import { chargedPerWindow, fakeCreditServer, fakeRequest } from './support/fake-credit-server.js';

// Windows of 1 s at epoch multiples; the run starts at one.
const START = 1_700_000_000_000;
const WINDOW_MS = 1_000;
const CALL = 50;
const BUDGET = 3 * CALL;

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
});

// Found by the hostile-budget property on a loaded machine: a call granted just before the
// window's end reached the server just after it, and its answer carried no rate-limit headers.
// The roll (end + margin) then opened a whole budget, and the server's window received 200
// credits of 150.
describe('credit limiter: calls granted at the end of a window and answered without headers', () => {
  it('holds their credits back from the next window: the server never receives more than the budget', async () => {
    // 20 ms to reach the server; every answer after the first has no rate-limit headers.
    const server = fakeCreditServer({ budget: BUDGET, windowMs: WINDOW_MS, arrivalMs: 20, answerMs: () => 1, bare: (handled) => handled > 0 });
    const config = { budget: BUDGET, windowMs: WINDOW_MS, maxConcurrent: BUDGET };
    const credits = new CreditLimiter({ ...config, resetMarginMs: 100, store: new LocalCreditStore(config) });
    const call = () => firstValueFrom(credits.run$(fakeRequest(CALL), server.send));

    await vi.advanceTimersByTimeAsync(0);
    const first = call(); // learns the window: 100 credits left, reset at START + 1 s
    await vi.advanceTimersByTimeAsync(100);
    await first;
    await vi.advanceTimersByTimeAsync(WINDOW_MS - 100 - 10); // 10 ms before the reset
    const late = [call(), call()]; // granted now, handled after the reset, answered bare before the roll
    const next = [call(), call(), call()];
    await vi.advanceTimersByTimeAsync(3 * WINDOW_MS);
    await Promise.all([...late, ...next]);
    await credits.close();

    expect(server.charged.filter((c) => c.status === 429)).toEqual([]);
    expect(chargedPerWindow(server.charged, WINDOW_MS)).toEqual([CALL, BUDGET, 2 * CALL]);
  });
});
