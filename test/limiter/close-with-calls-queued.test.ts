/**
 * Closing a limiter (shutdown, hot reload, `closeSharedCreditLimiters`) with calls still waiting
 * for credits: each of them settles, nothing sent, instead of waiting for a limiter that is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastValueFrom } from 'rxjs';
import { MiroApi, MiroNetworkError } from '../../src/index.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { startCreditServer } from './support/credit-server.js';

describe('closing a limiter with calls queued', () => {
  let server: Awaited<ReturnType<typeof startCreditServer>>;
  beforeAll(async () => {
    server = await startCreditServer({ limit: 100, resetAt: Date.now() + 3_600_000 });
  });
  afterAll(() => server.close());

  it('fails every queued call with ERR_LIMITER_CLOSED, nothing sent and no retry', async () => {
    // Two GETs (50 credits each) fit the window; the other four wait for an hour away.
    const api = new MiroApi('close-queued-token', { baseUrl: server.url, rateLimit: { budget: 100, windowMs: 3_600_000 }, timeoutMs: 120_000 });
    const calls = Array.from({ length: 6 }, () =>
      lastValueFrom(api.getSpecificBoard('b1')).then(
        () => 'ok',
        (error: unknown) => error,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await closeSharedCreditLimiters();
    const outcomes = await Promise.race([Promise.all(calls), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000))]);
    expect(outcomes).not.toBe('still waiting');
    const refused = (outcomes as unknown[]).filter((outcome) => outcome instanceof MiroNetworkError);
    expect((outcomes as unknown[]).filter((outcome) => outcome === 'ok')).toHaveLength(2);
    expect(refused).toHaveLength(4);
    for (const error of refused as MiroNetworkError[]) expect({ code: error.code, sent: error.sent }).toEqual({ code: 'ERR_LIMITER_CLOSED', sent: false });
    expect(server.requests).toHaveLength(2);
  });
});
