/**
 * A queued call honours its own `timeoutMs` and `signal` (issue 11): past its timeoutMs in the
 * credit queue it fails, never sent and nothing charged; an abort takes it out at once. Local
 * and cluster mode; short real times against a server whose window stays spent for the test.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, lastValueFrom, merge, toArray } from 'rxjs';
import { MiroApi, MiroCreditWaitTimeoutError, MiroNetworkError, type RateLimitOptions } from '../../src/index.js';
import '../../src/node/index.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { startCreditServer } from './support/credit-server.js';
import { skipRedis, useRedisServer } from './support/redis-server.js';

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await closeSharedCreditLimiters();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A reset far enough ahead that no window ends during a test. */
const farReset = () => Math.ceil(Date.now() / 1000) * 1000 + 120_000;

/** A server whose window has 50 credits left (one read), and a client of it. */
async function spentWindow(token: string, rateLimit: RateLimitOptions = {}, clientTimeoutMs?: number) {
  const server = await startCreditServer({ limit: 2000, spentElsewhere: 1950, resetAt: farReset() });
  servers.push(server);
  const api = new MiroApi(token, {
    baseUrl: server.url,
    scimBaseUrl: `${server.url}/scim`,
    rateLimit: { budget: 2000, windowMs: 120_000, ...rateLimit },
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    ...(clientTimeoutMs ? { timeoutMs: clientTimeoutMs } : {}),
  });
  await firstValueFrom(api.getSpecificBoard('b1')); // the last 50 credits: the window is now spent
  return { server, api };
}

const settle = (call: Promise<unknown>) =>
  call.then(
    () => 'answered',
    (error: unknown) => error,
  );

function sharedChecks(rateLimit: () => RateLimitOptions) {
  it("fails after the call's own timeoutMs in the queue, never sent, nothing charged, not retried", async () => {
    const { server, api } = await spentWindow(`own-timeout-${Math.random()}`, rateLimit());
    const started = Date.now();
    const error = await settle(firstValueFrom(api.getSpecificBoard('b1', { timeoutMs: 300 })));
    const waited = Date.now() - started;
    expect(error).toBeInstanceOf(MiroCreditWaitTimeoutError);
    expect(error).toBeInstanceOf(MiroNetworkError);
    expect(error).toMatchObject({ sent: false, attempts: 1, code: 'ERR_CREDIT_WAIT_TIMEOUT', timeoutMs: 300, operationId: 'get-specific-board' });
    expect((error as Error).message).toMatch(/waited \d+ ms for rate-limit credits, past its timeoutMs of 300 ms; nothing was sent/);
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(5_000);
    expect(server.requests).toHaveLength(1);
    await vi.waitFor(async () => expect(await firstValueFrom(api.rateLimitState$)).toMatchObject({ queued: 0, cancelled: 1, sent: 1, creditsSpent: 50 }));
  });

  it('an abort takes a queued call out at once, never sent, nothing charged', async () => {
    const { server, api } = await spentWindow(`abort-at-once-${Math.random()}`, rateLimit());
    const controller = new AbortController();
    const call = settle(firstValueFrom(api.getSpecificBoard('b1', { signal: controller.signal, timeoutMs: 60_000 })));
    await vi.waitFor(async () => expect(await firstValueFrom(api.rateLimitState$)).toMatchObject({ queued: 1 }));
    const abortedAt = Date.now();
    controller.abort();
    const error = await call;
    expect(Date.now() - abortedAt).toBeLessThan(200);
    expect(error).toBeInstanceOf(MiroNetworkError);
    expect(error).not.toBeInstanceOf(MiroCreditWaitTimeoutError);
    expect(error).toMatchObject({ sent: false, code: 'ERR_CANCELED', attempts: 1 });
    expect(server.requests).toHaveLength(1);
    await vi.waitFor(async () => expect(await firstValueFrom(api.rateLimitState$)).toMatchObject({ queued: 0, cancelled: 1, creditsSpent: 50 }));
  });
}

describe('a queued call and its own timeoutMs', () => {
  sharedChecks(() => ({}));

  it("the client's default timeoutMs bounds the exchange only, not the wait for credits", async () => {
    const { api } = await spentWindow('client-default-timeout', {}, 200);
    let outcome: unknown = 'pending';
    const subscription = api.getSpecificBoard('b1').subscribe({ next: () => (outcome = 'answered'), error: (e: unknown) => (outcome = e) });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(outcome).toBe('pending');
    expect(await firstValueFrom(api.rateLimitState$)).toMatchObject({ queued: 1 });
    subscription.unsubscribe();
  });

  it('bounds each stage on its own: up to timeoutMs waiting for credits, then up to timeoutMs for the answer', async () => {
    // The first call of a new limiter goes alone; its answer (held 250 ms) opens the window for
    // the second, whose own answer is held 250 ms too: 500 ms in all, under 400 ms per stage.
    let held = 0;
    const server = await startCreditServer({
      limit: 2000,
      resetAt: farReset(),
      gate: () => new Promise((resolve) => setTimeout(resolve, held++ < 2 ? 250 : 0)),
    });
    servers.push(server);
    const api = new MiroApi('stages', { baseUrl: server.url, scimBaseUrl: `${server.url}/scim`, rateLimit: { budget: 2000, windowMs: 120_000 } });
    const started = Date.now();
    const answers = await lastValueFrom(merge(api.getSpecificBoard('b1'), api.getSpecificBoard('b1', { timeoutMs: 400 })).pipe(toArray()));
    expect(answers).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(480);
  });

  it('a timeoutMs of 0 sets no bound on the wait', async () => {
    const { api } = await spentWindow('zero-timeout');
    let outcome: unknown = 'pending';
    const subscription = api.getSpecificBoard('b1', { timeoutMs: 0 }).subscribe({ error: (e: unknown) => (outcome = e) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(outcome).toBe('pending');
    subscription.unsubscribe();
  });
});

describe.skipIf(skipRedis)('a queued call and its own timeoutMs, cluster mode', () => {
  const redis = useRedisServer();
  sharedChecks(() => ({ redis: { port: redis.port, host: '127.0.0.1' } }));

  it('leaves nothing queued or running in Redis', async () => {
    const { api } = await spentWindow('cluster-timeout-keys', { redis: { port: redis.port, host: '127.0.0.1' } });
    const calls = Array.from({ length: 5 }, () => settle(firstValueFrom(api.getSpecificBoard('b1', { timeoutMs: 300 }))));
    for (const error of await Promise.all(calls)) expect(error).toBeInstanceOf(MiroCreditWaitTimeoutError);
    // Summed over every budget of this redis-server (the other tests' ones are closed).
    const sum = async (read: (settings: string) => Promise<number>) => {
      const all = await Promise.all((await redis.admin.keys('b_*_settings')).map(read));
      return all.reduce((a, b) => a + b, 0);
    };
    const queued = (settings: string) =>
      redis.admin.hgetall(settings.replace(/_settings$/, '_client_num_queued')).then((counts) =>
        Object.values(counts)
          .map(Number)
          .reduce((a, b) => a + b, 0),
      );
    const running = async (settings: string) => Number(await redis.admin.hget(settings, 'running'));
    await expect.poll(() => sum(queued), { timeout: 5_000 }).toBe(0);
    expect(await sum(running)).toBe(0);
  });
});
