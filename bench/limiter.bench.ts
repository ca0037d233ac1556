/**
 * Credit limiter benchmark (one run, ratios from that run; not a test). `npm run bench limiter`.
 * Against the simulator at a scaled window (20,000 credits per 2 s):
 * 1. budget use of one process: 2,000 items in bulk calls of 20 plus Level 1 and 2 reads;
 * 2. the same workload split over three processes sharing the budget through Redis;
 * 3. Level 1 reads with 200 ms of added latency;
 * 4. the same workload with @mirohq/miro-api, in a plain loop and with Promise.all;
 * 5. per-request cost of the limiter, sequential on loopback, limiter on vs off;
 * 6. (issue 18's mixed workload and the import with steady reads: bench/window-fill.bench.ts);
 * 7. 1,200 Level 2 reads against a server advertising 1,000,000 credits a minute.
 * Budget use = credits charged in full windows / (full windows x budget); the first and the last
 * window are partial by nature and left out.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { catchError, firstValueFrom, lastValueFrom, merge, of, type Observable } from 'rxjs';
import { MiroLowlevelApi as OfficialMiroApi } from '@mirohq/miro-api';
import { MiroApi } from '../src/index.js';
import { closeSharedCreditLimiters } from '../src/limiter/shared-credit-limiters.js';
import { startMiroSimulator, type SimulatorLogEntry } from '../src/simulator/index.js';

const BUDGET = 20_000;
const WINDOW_MS = 2_000;
const ITEMS = Number(process.env.BENCH_ITEMS ?? 2_000);
const SELF = fileURLToPath(import.meta.url);
// BENCH_CASES=single,cluster,latency,official,cost,server-budget runs a subset.
const CASES = process.env.BENCH_CASES?.split(',');
const want = (name: string) => !CASES || CASES.includes(name);

/** The workload: bulk creates of 20 items (2,000 credits) with reads in between (50 and 100). */
function workload(api: MiroApi, boardId: string, items: number): Observable<unknown>[] {
  const calls: Observable<unknown>[] = [];
  for (let made = 0; made < items; made += 20) {
    const batch = Array.from({ length: Math.min(20, items - made) }, (_, n) => ({ type: 'sticky_note' as const, data: { content: `item ${made + n}` } }));
    calls.push(api.createItems(boardId, batch) as Observable<unknown>);
    calls.push(api.getSpecificBoard(boardId) as Observable<unknown>, api.getSpecificBoard(boardId) as Observable<unknown>);
    calls.push(api.getItems(boardId, { limit: 50 }) as Observable<unknown>);
  }
  return calls;
}

function budgetUse(log: readonly SimulatorLogEntry[], budget = BUDGET) {
  const windows = new Map<number, number>();
  for (const e of log) windows.set(e.time - (e.time % WINDOW_MS), (windows.get(e.time - (e.time % WINDOW_MS)) ?? 0) + e.credits);
  const starts = [...windows.keys()].sort((a, b) => a - b);
  const full = starts.slice(1, -1);
  const used = full.reduce((sum, s) => sum + windows.get(s)!, 0);
  return {
    ratio: full.length ? used / (full.length * budget) : Number.NaN,
    maxWindow: Math.max(...windows.values()),
    windows: full.length,
    rateLimited: log.filter((e) => e.status === 429).length,
  };
}

async function run(calls: Observable<unknown>[], concurrency: number) {
  let failed = 0;
  const started = performance.now();
  await lastValueFrom(merge(...calls.map((c) => c.pipe(catchError(() => ((failed += 1), of(undefined))))), concurrency), { defaultValue: undefined });
  return { failed, seconds: (performance.now() - started) / 1000 };
}

// ---- worker mode (cluster case): node --import tsx limiter.bench.ts --worker ... ------------------
if (process.argv[2] === '--worker') {
  await import('../src/node/index.js');
  const [, , , redisPort, url, boardId, items] = process.argv;
  const api = new MiroApi('bench-token', {
    baseUrl: url!,
    scimBaseUrl: `${url}/scim`,
    rateLimit: { budget: BUDGET, windowMs: WINDOW_MS, resetMarginMs: 20, redis: { port: Number(redisPort), host: '127.0.0.1' } },
  });
  const result = await run(workload(api, boardId!, Number(items)), 64);
  console.log(JSON.stringify(result));
  await closeSharedCreditLimiters();
  process.exit(0);
}

const rows: [string, string, string][] = [];
const row = (name: string, value: string, note: string) => {
  rows.push([name, value, note]);
  console.log(`${name}: ${value} ${note}`);
};

async function simulator(extra: Parameters<typeof startMiroSimulator>[0] = {}) {
  const sim = await startMiroSimulator({ tokens: ['bench-token'], rateLimit: { budget: BUDGET, windowMs: WINDOW_MS }, ...extra });
  const board = sim.state.createBoard({ name: 'bench' });
  sim.state.addItems(board.id, 10);
  return { sim, boardId: board.id };
}

const options = (url: string) => ({ baseUrl: url, scimBaseUrl: `${url}/scim`, rateLimit: { budget: BUDGET, windowMs: WINDOW_MS, resetMarginMs: 20 } });

// 1. one process
if (want('single')) {
  const { sim, boardId } = await simulator();
  const api = new MiroApi('bench-token', options(sim.url));
  const result = await run(workload(api, boardId, ITEMS), 64);
  const use = budgetUse(sim.requestLog);
  row(
    'one process, budget use',
    use.ratio.toFixed(3),
    `(${use.windows} full windows, max window ${use.maxWindow}/${BUDGET}, 429s ${use.rateLimited}, failed ${result.failed}, ${result.seconds.toFixed(1)} s)`,
  );
  await closeSharedCreditLimiters();
  await sim.close();
}

// 2. three processes sharing the budget through Redis
if (!want('cluster')) {
  // not asked for
} else if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
  row('three processes (Redis), budget use', 'skipped', '(redis-server not installed)');
} else {
  const { startRedisServer } = await import('../test/limiter/support/redis-server.js');
  const redis = await startRedisServer();
  const { sim, boardId } = await simulator();
  const workers = [0, 1, 2].map(
    () =>
      new Promise<{ failed: number }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--worker', String(redis.port), sim.url, boardId, String(Math.ceil(ITEMS / 3))], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.once('exit', (code) =>
          code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as { failed: number }) : reject(new Error(`worker exited ${code}`)),
        );
      }),
  );
  const results = await Promise.all(workers);
  const use = budgetUse(sim.requestLog);
  row(
    'three processes (Redis), budget use',
    use.ratio.toFixed(3),
    `(${use.windows} full windows, max window ${use.maxWindow}/${BUDGET}, 429s ${use.rateLimited}, failed ${results.reduce((s, r) => s + r.failed, 0)})`,
  );
  await sim.close();
  await redis.close();
}

// 3. 200 ms added latency on Level 1 calls. A smaller budget (5,000 per 2 s = 100 calls per
// window): at 20,000 the 400 calls per 2 s saturate the CPU of one process that also runs the
// simulator, and the number would measure the machine, not the limiter.
if (want('latency')) {
  const budget = 5_000;
  const { sim, boardId } = await simulator({
    rateLimit: { budget, windowMs: WINDOW_MS },
    faults: { latency: { ms: 200, operations: ['get-specific-board'] } },
  });
  const api = new MiroApi('bench-token', { ...options(sim.url), rateLimit: { budget, windowMs: WINDOW_MS, resetMarginMs: 20 } });
  const reads = Array.from({ length: 1_200 }, () => api.getSpecificBoard(boardId) as Observable<unknown>);
  const result = await run(reads, 1_000);
  const use = budgetUse(sim.requestLog, budget);
  row(
    'Level 1 reads, +200 ms latency, budget use',
    use.ratio.toFixed(3),
    `(5,000 credits / 2 s; ${use.windows} full windows, max window ${use.maxWindow}/${budget}, 429s ${use.rateLimited}, failed ${result.failed})`,
  );
  await closeSharedCreditLimiters();
  await sim.close();
}

// 4. Miro's official client on the same workload
for (const style of want('official') ? (['plain loop', 'Promise.all'] as const) : []) {
  const { sim, boardId } = await simulator();
  const official = new OfficialMiroApi('bench-token', sim.url);
  const tasks: (() => Promise<unknown>)[] = [];
  for (let made = 0; made < ITEMS; made += 20) {
    const batch = Array.from({ length: Math.min(20, ITEMS - made) }, (_, n) => ({ type: 'sticky_note', data: { content: `item ${made + n}` } }));
    tasks.push(
      () => official.createItems(boardId, batch as never),
      () => official.getSpecificBoard(boardId),
      () => official.getSpecificBoard(boardId),
      () => official.getItems(boardId, { limit: '50' }),
    );
  }
  let failed = 0;
  const started = performance.now();
  if (style === 'plain loop') for (const task of tasks) await task().catch(() => (failed += 1));
  else await Promise.all(tasks.map((task) => task().catch(() => (failed += 1))));
  const seconds = (performance.now() - started) / 1000;
  const created = sim.state.items(boardId).length - 10;
  row(
    `@mirohq/miro-api, ${style}`,
    `${failed} failed`,
    `(429s ${sim.requestLog.filter((e) => e.status === 429).length}, items created ${created}/${ITEMS}, ${seconds.toFixed(1)} s)`,
  );
  await sim.close();
}

// 7. a server advertising 1,000,000 credits a minute: without an explicit budget the client follows it
if (want('server-budget')) {
  const { sim, boardId } = await simulator({ rateLimit: { budget: 1_000_000, windowMs: 60_000 } });
  const api = new MiroApi('bench-token', { baseUrl: sim.url, scimBaseUrl: `${sim.url}/scim` });
  const reads = Array.from({ length: 1_200 }, () => api.getItems(boardId, { limit: 50 }) as Observable<unknown>);
  const result = await run(reads, 64);
  const credits = sim.requestLog.reduce((sum, e) => sum + e.credits, 0);
  row(
    '1,200 Level 2 reads, server budget 1,000,000/min',
    `${result.seconds.toFixed(1)} s`,
    `(${credits} credits, 429s ${sim.requestLog.filter((e) => e.status === 429).length}, failed ${result.failed}; with the old fixed 100,000 cap: the rest of the minute)`,
  );
  await closeSharedCreditLimiters();
  await sim.close();
}

// 5. per-request cost, sequential on loopback (the first round warms both paths up and is not counted)
if (want('cost')) {
  const { sim, boardId } = await simulator({ rateLimit: { budget: 1e9, windowMs: 60_000 } });
  const rounds = 3;
  const perRound = Number(process.env.BENCH_REQUESTS ?? 1_000);
  const off = new MiroApi('bench-token', { baseUrl: sim.url, scimBaseUrl: sim.url, rateLimit: false, retry: false });
  const seconds = { on: 0, off: 0 };
  // The simulator accepts one token per user; both clients spend the same one so that answers match.
  const onApi = new MiroApi('bench-token', { baseUrl: sim.url, scimBaseUrl: sim.url, rateLimit: { budget: 1e9, key: 'bench-cost' }, retry: false });
  for (let round = 0; round <= rounds; round += 1) {
    for (const [name, api] of [
      ['off', off],
      ['on', onApi],
    ] as const) {
      const started = performance.now();
      for (let i = 0; i < perRound; i += 1) await firstValueFrom(api.getSpecificBoard(boardId));
      if (round > 0) seconds[name] += (performance.now() - started) / 1000;
    }
  }
  const total = rounds * perRound;
  row(
    'per-request cost, limiter on / off',
    (seconds.off / seconds.on).toFixed(3),
    `(on ${(total / seconds.on).toFixed(0)} req/s, off ${(total / seconds.off).toFixed(0)} req/s, sequential, ${total} each)`,
  );
  await closeSharedCreditLimiters();
  await sim.close();
}

console.log('\n| measure | value | details |\n|---|---|---|');
for (const [name, value, note] of rows) console.log(`| ${name} | ${value} | ${note} |`);
process.exit(0);
