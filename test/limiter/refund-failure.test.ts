import { afterEach, describe, expect, it } from 'vitest';
import { NEVER, of } from 'rxjs';
import { CreditLimiter } from '../../src/limiter/credit-limiter.js';
import { LocalCreditStore } from '../../src/limiter/local-credit-store.js';
import { NOT_ABORTED, type MiroRequest } from '../../src/http/miro-request.js';

const config = { budget: 1000, windowMs: 60_000, maxConcurrent: 1000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A store that cannot give credits back (Redis gone while closing) and whose drop always comes
 * too late, so a cancelled call is granted and must refund: the limiter fires that refund and
 * forgets it, so its failure must not be an unhandled rejection (a crash under Node's default).
 */
class UnreachableStore extends LocalCreditStore {
  override dropQueued(): Promise<boolean> {
    return Promise.resolve(false);
  }
  override refund(): Promise<void> {
    return Promise.reject(new Error('Connection is closed.'));
  }
}

const request = {
  method: 'GET',
  url: 'http://127.0.0.1/v2/boards/b1',
  path: '/v2/boards/b1',
  headers: {},
  creditCost: 50,
  itemCount: 1,
  timeoutMs: 1_000,
  signal: NOT_ABORTED,
  attempt: 1,
  operation: { operationId: 'get-specific-board' },
} as unknown as MiroRequest;

describe('a granted call cancelled before it was sent', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', record);
  afterEach(() => {
    process.off('unhandledRejection', record);
  });

  it('gives its credits back without an unhandled rejection when the store cannot take them', async () => {
    const store = new UnreachableStore(config);
    const limiter = new CreditLimiter({ ...config, resetMarginMs: 0, store });
    const sent: string[] = [];
    // The first call probes the unknown window and never answers; the second waits behind it.
    const probe = limiter.run$(request, () => NEVER).subscribe();
    const queued = limiter.run$(request, () => (sent.push('second'), of())).subscribe();
    await sleep(20);
    queued.unsubscribe(); // the drop "comes too late": the job stays queued
    // The window opens: the cancelled job is granted, is not sent, and its refund fails.
    await store.report({ remaining: 900, resetAt: Date.now() + 60_000, limit: 1000 }, 50);
    await sleep(100);
    expect(sent).toEqual([]);
    expect(unhandled.map(String)).toEqual([]);
    probe.unsubscribe();
    await limiter.close();
  });
});
