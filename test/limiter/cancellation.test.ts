import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, merge, toArray, type Subscription } from 'rxjs';
import { MiroApi } from '../../src/index.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';

let sim: MiroSimulator | undefined;
afterEach(async () => {
  await closeSharedCreditLimiters();
  await sim?.close();
});

describe('cancelling queued requests', () => {
  it('random unsubscribes while queued: no credit charged for a request that was never sent', async () => {
    sim = await startMiroSimulator({ tokens: ['cancel-many'], rateLimit: { budget: 2000, windowMs: 2000 } });
    const board = sim.state.createBoard({ name: 'c' });
    const api = new MiroApi('cancel-many', { baseUrl: sim.url, scimBaseUrl: `${sim.url}/scim`, rateLimit: { budget: 2000, windowMs: 2000 } });
    const subscriptions: Subscription[] = [];
    let answered = 0;
    for (let i = 0; i < 300; i += 1) subscriptions.push(api.getSpecificBoard(board.id).subscribe({ next: () => (answered += 1) }));
    // Cancel two thirds of them, spread over the queue, while most are still waiting for credits.
    subscriptions.forEach((s, i) => i % 3 !== 0 && s.unsubscribe());
    await lastValueFrom(merge(...Array.from({ length: 3 }, () => api.getSpecificBoard(board.id))).pipe(toArray()));
    const state = await firstValueFrom(api.rateLimitState$);
    // A call torn down before it reached the limiter never counts; one torn down while queued
    // counts as cancelled; none is both sent and cancelled.
    expect(state.cancelled + state.sent).toBeLessThanOrEqual(303);
    expect(answered).toBe(100);
    // The limiter charged exactly what reached the server.
    expect(state.sent).toBe(sim.requestLog.length);
    expect(state.creditsSpent).toBe(sim.requestLog.reduce((sum, e) => sum + (e.status === 429 ? 50 : e.credits), 0));
    expect(state.queued).toBe(0);
    subscriptions.forEach((s) => s.unsubscribe());
  });
});
