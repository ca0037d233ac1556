/**
 * Three Node processes share one user's tokens in Redis and find them expired at the same
 * moment, against the simulator's rotating refresh tokens (a spent one is refused with
 * invalid_grant): one refresh request reaches the server, every process goes on with the new
 * token, none sees invalid_grant; also when Redis is killed and restarted mid-refresh.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Miro } from '../../src/index.js';
import { RedisTokenStorage } from '../../src/node/index.js';
import { type MiroSimulator, startMiroSimulator } from '../../src/simulator/index.js';
import { bundleWorker } from '../limiter/support/bundle-worker.js';
import { skipRedis } from '../limiter/support/redis-server.js';
import { startDurableRedis } from './support/durable-redis.js';

const CLIENT = { clientId: 'sim-app-fleet', clientSecret: 'sim-secret-Fleet8Hq2Lw', redirectUri: 'http://127.0.0.1:9/oauth/callback' };
const TTL_SECONDS = 600;
const digest = (text: string | undefined) =>
  createHash('sha256')
    .update(text ?? '')
    .digest('hex')
    .slice(0, 16);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Outcome {
  ok: boolean;
  stored: string;
  message?: string;
  oauthError?: string;
}

describe.skipIf(skipRedis)('three processes refreshing one user through RedisTokenStorage', () => {
  let redis: Awaited<ReturnType<typeof startDurableRedis>>;
  let sim: MiroSimulator;
  let worker = '';
  let workers: ReturnType<typeof startWorker>[] = [];
  let storage: RedisTokenStorage;
  let miro: Miro;
  // The simulator's clock runs ahead of the processes' by this much: tokens expire at once there.
  let ahead = 0;
  beforeAll(async () => {
    redis = await startDurableRedis();
    worker = await bundleWorker(new URL('./support/refresh-worker.ts', import.meta.url), 'refresh-worker');
    sim = await startMiroSimulator({ oauth: { clients: [CLIENT], accessTokenTtlSeconds: TTL_SECONDS }, now: () => Date.now() + ahead });
    storage = new RedisTokenStorage({ redis: { port: redis.port, host: '127.0.0.1' } });
    miro = new Miro({ ...CLIENT, redirectUrl: CLIENT.redirectUri, authBaseUrl: sim.url, apiBaseUrl: sim.url, storage, api: { rateLimit: false } });
    workers = [startWorker(), startWorker(), startWorker()];
    await Promise.all(workers.map((w) => w.ready));
  }, 60_000);
  afterAll(async () => {
    for (const w of workers) w.stop();
    await storage?.close();
    await sim?.close();
    await redis?.remove();
  });

  /** Logs the user in, then makes the stored token expired here and at the simulator. */
  async function expiredLogin(userId: string): Promise<string> {
    const login = miro.createAuthRequest();
    const consent = new URL(login.url);
    consent.searchParams.set('user_id', `sim-${userId}`);
    const callback = (await fetch(consent, { redirect: 'manual' })).headers.get('location')!;
    await firstValueFrom(miro.exchangeCodeForAccessToken(userId, callback, { state: login.state }));
    const state = (await storage.get(userId))!;
    await storage.set(userId, { ...state, expiresAt: Date.now() - 1 });
    ahead += (TTL_SECONDS + 1) * 1000;
    sim.clearLog();
    return state.accessToken;
  }

  /** A worker process; `call` sends it one round and resolves with its answer line. */
  function startWorker() {
    const args = [redis.port, sim.url, CLIENT.clientId, CLIENT.clientSecret, CLIENT.redirectUri].map(String);
    const child = spawn(process.execPath, [worker, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    const waiting: ((line: string) => void)[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const parts = (buffer + chunk.toString()).split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) waiting.shift()?.(line);
    });
    const next = () => new Promise<string>((resolve) => waiting.push(resolve));
    return {
      ready: next(),
      call: (userId: string, boardId: string) => {
        const answer = next();
        child.stdin.write(`${userId} ${boardId}\n`);
        return answer.then((line) => JSON.parse(line) as Outcome);
      },
      stop: () => {
        child.stdin.end();
        child.kill('SIGKILL');
      },
    };
  }

  async function race(userId: string, duringRefresh?: () => Promise<void>): Promise<Outcome[]> {
    const board = sim.state.createBoard({ name: `board of ${userId}` });
    const calls = workers.map((w) => w.call(userId, board.id));
    await duringRefresh?.();
    return Promise.all(calls);
  }

  function expectOneRefreshAndTheNewTokenEverywhere(outcomes: Outcome[], oldToken: string, newToken: string | undefined): void {
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const tokenCalls = sim.requestLog.filter((entry) => entry.operationId === 'oauth-token');
    expect(tokenCalls.map((entry) => entry.status)).toEqual([200]);
    // Each process's call was answered by the simulator, where the old token has expired: it
    // went out with the new one (one with the old would have had a 401 and refreshed again).
    const calls = sim.requestLog.filter((entry) => entry.operationId === 'get-specific-board');
    expect(calls.map((entry) => entry.status)).toEqual([200, 200, 200]);
    expect(newToken).toBeDefined();
    expect(newToken).not.toBe(oldToken);
    expect(outcomes.map((o) => o.stored)).toEqual([digest(newToken), digest(newToken), digest(newToken)]);
  }

  it('one refresh request reaches the server, every process ends with the new token, none sees invalid_grant', { timeout: 60_000 }, async () => {
    const oldToken = await expiredLogin('carol');
    sim.setFaults({ latency: { ms: 300, operations: ['oauth-token'] } });
    const outcomes = await race('carol');
    expectOneRefreshAndTheNewTokenEverywhere(outcomes, oldToken, (await storage.get('carol'))?.accessToken);
  });

  it('the same when Redis is killed and restarted while the refresh is in flight', { timeout: 60_000 }, async () => {
    const oldToken = await expiredLogin('dave');
    // The refresh takes 1.5 s at the server; Redis is down from 0.3 s to about 1 s after the start.
    sim.setFaults({ latency: { ms: 1_500, operations: ['oauth-token'] } });
    let lockWasHeld = false;
    const outcomes = await race('dave', async () => {
      await sleep(300);
      const probe = new Redis({ port: redis.port, host: '127.0.0.1' });
      lockWasHeld = (await probe.exists('miro-rx:oauth:lock:dave')) === 1;
      probe.disconnect();
      await redis.kill();
      await sleep(700);
      await redis.start();
    });
    expect(lockWasHeld).toBe(true);
    expectOneRefreshAndTheNewTokenEverywhere(outcomes, oldToken, (await storage.get('dave'))?.accessToken);
  });
});
