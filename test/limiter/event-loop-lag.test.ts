/**
 * A process too busy to run its timers on time (a long synchronous task, a loaded machine) is
 * not a store that stopped answering: the stall check must not fail calls whose window's roll
 * is merely overdue. Real timers: the lag is a real block of the event loop.
 */
import { firstValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { MiroHttpResponse } from '../../src/http/miro-request.js';
import { CreditLimiter } from '../../src/limiter/credit-limiter.js';
import { LocalCreditStore } from '../../src/limiter/local-credit-store.js';
import { fakeRequest } from './support/fake-credit-server.js';

const BUDGET = 100;

/** Blocks the event loop until `until` (epoch ms). */
function blockUntil(until: number): void {
  while (Date.now() < until) {
    // busy: no timer can run
  }
}

describe('credit limiter: a lagging event loop', () => {
  it('grants a queued call once the overdue roll runs, instead of failing it as a silent store', async () => {
    const config = { budget: BUDGET, windowMs: 60_000, maxConcurrent: BUDGET };
    const credits = new CreditLimiter({ ...config, resetMarginMs: 100, maxWaitMs: 1_500, store: new LocalCreditStore(config) });
    // The window ends in 1.2 s with nothing left: a call queued now waits 1.3 s, within its 1.5 s.
    const windowEnd = Date.now() + 1_200;
    const answer: MiroHttpResponse = {
      status: 200,
      header: () => undefined,
      headers: () => ({}),
      body: {},
      rateLimit: { limit: BUDGET, remaining: 0, resetAt: windowEnd },
    };
    const send = () => of(answer);
    await firstValueFrom(credits.run$(fakeRequest(50), send));
    const queued = firstValueFrom(credits.run$(fakeRequest(50), send)).then(
      (response) => response.status,
      (error: Error) => error.message,
    );
    // The stall check (every second, due first) and the roll (end + 100 ms) both fire late, past
    // end + maxWaitMs: the check sees a queued call whose window seems over for longer than it may wait.
    blockUntil(windowEnd + 1_500 + 300);
    expect(await queued).toBe(200);
    await credits.close();
  });
});
