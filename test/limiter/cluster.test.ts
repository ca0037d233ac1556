import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { skipRedis, startRedisServer } from './support/redis-server.js';
import { creditsPerWindow } from './budget-windows.js';
import { bundleWorker } from './support/bundle-worker.js';

const BUDGET = 2_000;
const WINDOW_MS = 2_000;
let worker = '';

interface WorkerRun {
  lines: string[];
  exit: Promise<number | null>;
  kill: () => void;
  /** Resolves once the worker printed `done <n>`. */
  reached: (n: number) => Promise<void>;
}

function startWorker(args: (string | number)[]): WorkerRun {
  const child = spawn(process.execPath, [worker, ...args.map(String)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      const done = /^done (\d+)$/.exec(line);
      if (done) for (const w of waiters.filter((w) => Number(done[1]) >= w.n)) w.resolve();
    }
  });
  return {
    lines,
    exit: new Promise((resolve) => child.once('exit', resolve)),
    kill: () => child.kill('SIGKILL'),
    reached: (n) => new Promise((resolve) => waiters.push({ n, resolve })),
  };
}

describe.skipIf(skipRedis)('cluster mode: processes sharing one budget through Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let sim: MiroSimulator;
  beforeAll(async () => {
    redis = await startRedisServer();
    worker = await bundleWorker(new URL('./support/cluster-worker.ts', import.meta.url), 'cluster-worker');
    sim = await startMiroSimulator({ tokens: ['cluster-token'], rateLimit: { budget: BUDGET, windowMs: WINDOW_MS } });
  });
  afterAll(async () => {
    await sim?.close();
    await redis?.close();
  });

  it('three processes never put more than the budget in a server window, also after one is killed mid-run', { timeout: 90_000 }, async () => {
    const board = sim.state.createBoard({ name: 'cluster' });
    const [item] = sim.state.addItems(board.id, 3);
    const args = [redis.port, sim.url, 'cluster-token', board.id, item!.id, 36, BUDGET, WINDOW_MS];
    const workers = [startWorker(args), startWorker(args), startWorker(args)];
    await workers[2]!.reached(3);
    workers[2]!.kill();
    const codes = await Promise.all(workers.slice(0, 2).map((w) => w.exit));
    expect(codes).toEqual([0, 0]);
    for (const w of workers.slice(0, 2)) {
      const summary = JSON.parse(w.lines.at(-1)!) as { done: number; failed: number };
      expect(summary).toMatchObject({ done: 36, failed: 0 });
    }
    const log = sim.requestLog;
    const windows = creditsPerWindow(log, WINDOW_MS);
    for (const [start, credits] of windows) expect(credits, `window ${start}`).toBeLessThanOrEqual(BUDGET);
    const firstWindowEnds = log[0]!.time - (log[0]!.time % WINDOW_MS) + WINDOW_MS;
    expect(log.filter((e) => e.status === 429 && e.time >= firstWindowEnds)).toEqual([]);
    console.log('credits per window', [...windows.values()]);
  });
});
