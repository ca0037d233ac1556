import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NEVER, Subject } from 'rxjs';
import type { MiroHttpResponse } from '../../src/http/miro-request.js';
import { CreditLimiter } from '../../src/limiter/credit-limiter.js';
import { LocalCreditStore } from '../../src/limiter/local-credit-store.js';
import { PROBE_RETRY_MS } from '../../src/limiter/window-probe.js';
import { fakeRequest } from './support/fake-credit-server.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** What a Redis store does once its connection is closed: every change fails at once. */
class ClosedStore extends LocalCreditStore {
  probes = 0;
  failing = true;
  override probe(weight: number): Promise<void> {
    this.probes += 1;
    if (!this.failing) return super.probe(weight);
    // Bounds the loop the bug made, so that a failing run ends instead of spinning for ever.
    if (this.probes > 1_000) return new Promise(() => undefined);
    return Promise.reject(new Error('Connection is closed.'));
  }
  /** As the Redis store: leaving the cluster does not drop the calls queued here. */
  override close(): Promise<void> {
    return Promise.resolve();
  }
  override report(...args: Parameters<LocalCreditStore['report']>): Promise<void> {
    return this.failing ? Promise.reject(new Error('Connection is closed.')) : super.report(...args);
  }
}

function limiterOn(store: ClosedStore) {
  return new CreditLimiter({ budget: 1_000, windowMs: 1_000, maxConcurrent: 1_000, resetMarginMs: 10, store });
}

// The hang of issue 11: a worker at full CPU, no timer or test timeout firing, no case reported.
describe('the window probe when the store fails at once', () => {
  const config = { budget: 1_000, windowMs: 1_000, maxConcurrent: 1_000 };

  it('tries again after a pause, not in a loop that never yields', async () => {
    const store = new ClosedStore(config);
    const limiter = limiterOn(store);
    const call = limiter.run$(fakeRequest(50), () => NEVER).subscribe({ error: () => undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.probes).toBe(1);
    await vi.advanceTimersByTimeAsync(4 * PROBE_RETRY_MS);
    expect(store.probes).toBe(5);
    call.unsubscribe();
    await limiter.close();
  });

  it('sends no probe once its limiter is closed: the answer of a probe out at close finds the store gone', async () => {
    const store = new ClosedStore(config);
    store.failing = false;
    const limiter = limiterOn(store);
    const answer = new Subject<MiroHttpResponse>();
    const probe = limiter.run$(fakeRequest(50), () => answer).subscribe({ error: () => undefined });
    const queued = limiter.run$(fakeRequest(50), () => NEVER).subscribe({ error: () => undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.probes).toBe(1);
    await limiter.close();
    store.failing = true; // what closing a Redis store's last budget does to its connection
    const rateLimit = { limit: 1_000, remaining: 950, resetAt: Date.now() + 1_000 };
    answer.next({ status: 200, header: () => undefined, headers: () => ({}), body: {}, rateLimit });
    await vi.advanceTimersByTimeAsync(10 * PROBE_RETRY_MS);
    expect(store.probes).toBe(1);
    probe.unsubscribe();
    queued.unsubscribe();
  });
});

describe('a probe that ends without an answer', () => {
  it('lets the next call probe at once: the ended probe no longer counts as in flight', async () => {
    const limiter = new CreditLimiter({
      budget: 1_000,
      windowMs: 1_000,
      maxConcurrent: 1_000,
      resetMarginMs: 10,
      store: new LocalCreditStore({ budget: 1_000, windowMs: 1_000, maxConcurrent: 1_000 }),
    });
    const failed = new Subject<MiroHttpResponse>();
    const sent: string[] = [];
    limiter.run$(fakeRequest(50), () => (sent.push('probe'), failed)).subscribe({ error: () => undefined });
    const next = limiter.run$(fakeRequest(50), () => (sent.push('next'), NEVER)).subscribe({ error: () => undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['probe']);
    failed.error(new Error('connection reset')); // no headers: the window is still unknown
    await vi.advanceTimersByTimeAsync(0);
    // Sized against Bottleneck's running weight, which drops only once the job is freed, the
    // next probe was given 0 credits and every call waited for ever.
    expect(sent).toEqual(['probe', 'next']);
    next.unsubscribe();
    await limiter.close();
  });
});
