/**
 * The node service under ten times its budget's demand, on a scaled window (1,000 credits per
 * 2 s; one summary is one 100-credit page, so the budget serves 5 summaries a second and the
 * test asks for 50). The service must keep its queue (and so its memory) bounded, answer its
 * own clients 200 or a clear 503 "busy, retry after N s" within a bound, and send the
 * simulator nothing that it refuses with 429.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiroApi } from '../../src/index.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { createServiceHandler } from '../../examples/node-service/src/service.js';
import { serviceConfig } from '../../examples/node-service/src/service-config.js';

const BUDGET = 1_000;
const WINDOW_MS = 2_000;
const MAX_WAIT_MS = 300;
const DEMAND_PER_SECOND = 50;
const DEMAND_MS = 4_000;

let simulator: MiroSimulator;
let server: http.Server;
let serviceUrl: string;
let boardId: string;
let api: MiroApi;

beforeAll(async () => {
  simulator = await startMiroSimulator({ tokens: ['busy-token'], rateLimit: { budget: BUDGET, windowMs: WINDOW_MS } });
  boardId = simulator.state.createBoard({ name: 'busy' }).id;
  simulator.state.addItems(boardId, 40);
  // As main.ts builds it from MIRO_BASE_URL, MIRO_ACCESS_TOKEN and MIRO_MAX_WAIT_MS; the budget
  // and window are the scaled simulator's (Miro's own are the limiter's defaults).
  const config = serviceConfig({ MIRO_BASE_URL: simulator.url, MIRO_ACCESS_TOKEN: 'busy-token', MIRO_MAX_WAIT_MS: String(MAX_WAIT_MS) });
  api = new MiroApi(config.token!, {
    baseUrl: config.baseUrl,
    scimBaseUrl: config.scimBaseUrl,
    rateLimit: { ...config.rateLimit, budget: BUDGET, windowMs: WINDOW_MS, resetMarginMs: 20 },
    retry: config.retry,
  });
  server = http.createServer(createServiceHandler({ api }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await closeSharedCreditLimiters();
  await simulator?.close();
});

interface Answer {
  status: number;
  ms: number;
  retryAfter: string | null;
  body: { error?: string; total?: number };
}

async function summary(): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${serviceUrl}/boards/${encodeURIComponent(boardId)}/summary`);
  const body = (await response.json()) as Answer['body'];
  return { status: response.status, ms: performance.now() - started, retryAfter: response.headers.get('retry-after'), body };
}

describe('node-service under ten times its budget', () => {
  it('answers 200 or 503 busy with Retry-After within a bound, queues a bounded number of calls, and causes no 429', async () => {
    let maxQueued = 0;
    const watching = api.rateLimitState$.subscribe((state) => (maxQueued = Math.max(maxQueued, state.queued)));
    const answers: Array<Promise<Answer>> = [];
    const count = (DEMAND_PER_SECOND * DEMAND_MS) / 1000;
    for (let n = 0; n < count; n++) {
      answers.push(summary());
      await new Promise((resolve) => setTimeout(resolve, 1000 / DEMAND_PER_SECOND));
    }
    const settled = await Promise.all(answers);
    watching.unsubscribe();

    const ok = settled.filter((answer) => answer.status === 200);
    const busy = settled.filter((answer) => answer.status === 503);
    expect(ok.length + busy.length).toBe(settled.length);
    expect(ok.every((answer) => answer.body.total === 40)).toBe(true);
    for (const answer of busy) {
      expect(answer.retryAfter).toMatch(/^[1-9]\d*$/);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(WINDOW_MS / 1000 + 1);
      expect(answer.body.error).toBe(`busy: the Miro credit budget is spent, retry after ${answer.retryAfter} s`);
    }
    // The budget serves about 10 summaries a window; the rest hear "busy".
    expect(ok.length).toBeGreaterThanOrEqual(10);
    // (A quarter at least even on a machine so loaded that the demand itself is spread out.)
    expect(busy.length).toBeGreaterThanOrEqual(settled.length / 4);
    // Nobody waits for credits much past maxWaitMs: no answer queues without end.
    expect(Math.max(...settled.map((answer) => answer.ms))).toBeLessThan(MAX_WAIT_MS + 4_000);
    // Calls waiting for credits: those that arrive within maxWaitMs of a window's end, at most.
    expect(maxQueued).toBeLessThanOrEqual((DEMAND_PER_SECOND * (MAX_WAIT_MS + 200)) / 1000 + BUDGET / 100);
    // Nothing the simulator refused for credits: every refusal happened in the service's limiter.
    const reads = simulator.requestLog.filter((entry) => entry.operationId === 'get-items');
    expect(reads.filter((entry) => entry.status === 429)).toEqual([]);
    expect(reads.length).toBe(ok.length);
  });
});

describe('node-service pointed at a server of its own', () => {
  it('takes MIRO_BASE_URL and MIRO_ACCESS_TOKEN, and reads the boards of that server', async () => {
    const main = fileURLToPath(new URL('../../examples/node-service/src/main.ts', import.meta.url));
    const env = { ...process.env, PORT: '0', MIRO_BASE_URL: simulator.url, MIRO_ACCESS_TOKEN: 'busy-token', MIRO_CLIENT_ID: '', MIRO_REDIS_URL: '' };
    const child = spawn(process.execPath, ['--import', 'tsx', main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (/service on \S+ \(/.test(output)) resolve();
        });
        child.on('exit', () => reject(new Error(`the service exited: ${output}`)));
      });
      expect(output).toContain(`(${simulator.url})`);
      const url = /service on (\S+)/.exec(output)![1]!;
      // Past the busy test's window: credits are back.
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
      simulator.clearLog();
      const response = await fetch(`${url}/boards/${encodeURIComponent(boardId)}/summary`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ boardId, total: 40 });
      expect(simulator.requestLog.map((entry) => entry.operationId)).toEqual(['get-items']);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses a base URL that is not one, and a base URL without a token', () => {
    expect(() => serviceConfig({ MIRO_BASE_URL: 'localhost:4010', MIRO_ACCESS_TOKEN: 't' })).toThrow(/MIRO_BASE_URL must be an http\(s\) URL/);
    expect(() => serviceConfig({ MIRO_BASE_URL: 'http://127.0.0.1:4010' })).toThrow(/MIRO_BASE_URL needs MIRO_ACCESS_TOKEN/);
    expect(() => serviceConfig({ MIRO_MAX_WAIT_MS: 'soon' })).toThrow(/MIRO_MAX_WAIT_MS/);
    expect(serviceConfig({ MIRO_BASE_URL: 'http://127.0.0.1:4010/', MIRO_ACCESS_TOKEN: 't' })).toMatchObject({
      target: 'own-server',
      baseUrl: 'http://127.0.0.1:4010',
      scimBaseUrl: 'http://127.0.0.1:4010/scim',
      rateLimit: { maxWaitMs: 10_000 },
      retry: { maxRateLimitWaitMs: 10_000 },
    });
    expect(serviceConfig({}).target).toBe('simulator');
  });
});
