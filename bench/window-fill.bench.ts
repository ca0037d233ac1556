/**
 * Does the limiter fill every window? (issue 18; one run, ratios from that run; not a test.)
 * `npm run bench window-fill`. The simulator at a scaled window of 20,000 credits per 2 s, the
 * clients in worker processes (one, or three sharing the budget through one redis-server):
 * 1. `mixed`: 60 bulk calls of 20 items, 400 Level 1 and 200 Level 2 reads, all queued at once;
 * 2. `import`: `bulkCreateItems` of 1,200 notes (60 calls, 4 in flight per process; BENCH_NOTES) while Level 1 reads
 *    arrive every 25 ms and Level 2 reads every 50 ms (40% of the budget), until it is done.
 * Each window's use is the credits the server charged in it (by the window its answer's
 * `X-RateLimit-Reset` names) over the budget; the first window is entered part-way and the tail
 * is partial, so "full windows" leave them out (see support/charged-windows.ts).
 * Workers start together: each loads, says it is ready, and all begin on one signal, so the
 * figures measure the limiter, not how long `tsx` takes to start three processes.
 * BENCH_CASES=mixed,mixed-cluster,import,import-cluster runs a subset; BENCH_STAGGER_MS=n starts
 * the workers n ms apart instead (processes joining a budget already being spent).
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { catchError, defer, endWith, ignoreElements, interval, lastValueFrom, merge, mergeMap, of, share, takeUntil, tap, type Observable } from 'rxjs';
import { MiroApi, bulkCreateItems } from '../src/index.js';
import { closeSharedCreditLimiters } from '../src/limiter/shared-credit-limiters.js';
import { startMiroSimulator } from '../src/simulator/index.js';
import { fillDuringImport, fillWhileBacklogged, recordCharges, type Charge, type WindowFill } from './support/charged-windows.js';

const BUDGET = 20_000;
const WINDOW_MS = 2_000;
const SELF = fileURLToPath(import.meta.url);
const CASES = process.env.BENCH_CASES?.split(',');
const STAGGER_MS = Number(process.env.BENCH_STAGGER_MS ?? 0);
/** Notes of the import (BENCH_NOTES): 1,200 is about 8 windows; more gives more windows. */
const NOTES = Number(process.env.BENCH_NOTES ?? 1_200);
const want = (name: string) => !CASES || CASES.includes(name);

type Workload = 'mixed' | 'import';

interface WorkerResult {
  charges: Charge[];
  failed: number;
  seconds: number;
  /** Time each read waited from being issued to its answer, ms (import workload). */
  readWaits: number[];
}

/** Issue 18's mixed workload, all queued at once; `split` divides it across processes. */
function mixed(api: MiroApi, boardId: string, split: number): Observable<unknown>[] {
  const calls: Observable<unknown>[] = [];
  const [bulk, level1, level2] = [60, 400, 200].map((n) => Math.round(n / split)) as [number, number, number];
  for (let i = 0; i < Math.max(bulk, level1, level2); i += 1) {
    if (i < bulk) calls.push(api.createItems(boardId, notes(20, `m${i}`)) as Observable<unknown>);
    if (i < level1) calls.push(api.getSpecificBoard(boardId) as Observable<unknown>);
    if (i < level2) calls.push(api.getItems(boardId, { limit: 50 }) as Observable<unknown>);
  }
  return calls;
}

/** An import through `bulkCreateItems`, with a steady stream of reads until it is done. */
function importWithReads(api: MiroApi, boardId: string, split: number, readWaits: number[]): Observable<unknown>[] {
  const import$ = bulkCreateItems(api, boardId, notes(Math.round(NOTES / split), 'import')).pipe(share());
  const timed = (read: () => Observable<unknown>) => () =>
    defer(() => {
      const issued = performance.now();
      return read().pipe(tap({ complete: () => readWaits.push(performance.now() - issued) }));
    });
  const done$ = import$.pipe(
    ignoreElements(),
    endWith(true),
    catchError(() => of(true)),
  );
  const stream = (everyMs: number, read: () => Observable<unknown>) => interval(everyMs * split).pipe(takeUntil(done$), mergeMap(timed(read)));
  return [
    import$,
    stream(25, () => api.getSpecificBoard(boardId) as Observable<unknown>),
    stream(50, () => api.getItems(boardId, { limit: 50 }) as Observable<unknown>),
  ];
}

function notes(count: number, prefix: string) {
  return Array.from({ length: count }, (_, n) => ({ type: 'sticky_note' as const, data: { content: `${prefix}-${n}` } }));
}

async function runAll(calls: Observable<unknown>[]): Promise<{ failed: number; seconds: number }> {
  let failed = 0;
  const started = performance.now();
  const guarded = calls.map((call) => call.pipe(catchError(() => ((failed += 1), of(undefined)))));
  await lastValueFrom(merge(...guarded), { defaultValue: undefined });
  return { failed, seconds: (performance.now() - started) / 1000 };
}

// ---- worker mode: one client process, started by fork() below ------------------------------------
if (process.argv[2] === '--worker') {
  await import('../src/node/index.js');
  const [, , , url, boardId, workload, share, redisPort] = process.argv as string[];
  const charges: Charge[] = [];
  const redis = redisPort ? { redis: { port: Number(redisPort), host: '127.0.0.1' } } : {};
  const api = new MiroApi('bench-token', {
    baseUrl: url!,
    scimBaseUrl: `${url}/scim`,
    rateLimit: { budget: BUDGET, windowMs: WINDOW_MS, resetMarginMs: 20, ...redis },
    interceptors: [recordCharges(charges)],
  });
  const readWaits: number[] = [];
  const calls = () => (workload === 'mixed' ? mixed(api, boardId!, Number(share)) : importWithReads(api, boardId!, Number(share), readWaits));
  process.send!({ ready: true });
  await new Promise((resolve) => process.once('message', resolve));
  const outcome = await runAll(calls());
  await closeSharedCreditLimiters();
  process.send!({ ...outcome, charges, readWaits } satisfies WorkerResult, () => process.exit(0));
}

// ---- main ----------------------------------------------------------------------------------------
function startWorker(args: string[]): { child: ChildProcess; ready: Promise<void>; result: Promise<WorkerResult> } {
  const child = fork(SELF, ['--worker', ...args], { execArgv: ['--import', 'tsx'] });
  let onReady: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const result = new Promise<WorkerResult>((resolve, reject) => {
    child.on('message', (message: { ready?: boolean } & WorkerResult) => (message.ready ? onReady() : resolve(message)));
    child.once('exit', (code) => code !== 0 && reject(new Error(`worker exited ${code}`)));
  });
  return { child, ready, result };
}

async function measure(workload: Workload, processes: number, redisPort?: number): Promise<WorkerResult & { rateLimited: number }> {
  const sim = await startMiroSimulator({ tokens: ['bench-token'], rateLimit: { budget: BUDGET, windowMs: WINDOW_MS }, maxLogEntries: 1_000_000 });
  const boardId = sim.state.createBoard({ name: 'bench' }).id;
  sim.state.addItems(boardId, 10);
  const args = [sim.url, boardId, workload, String(processes), ...(redisPort ? [String(redisPort)] : [])];
  const workers = Array.from({ length: processes }, () => startWorker(args));
  const started = [...workers];
  // BENCH_START=loaded: each worker starts as soon as it has loaded (while the others still load).
  if (process.env.BENCH_START === 'loaded') for (const w of workers) void w.ready.then(() => w.child.send('go'));
  await Promise.all(workers.map((w) => w.ready));
  if (process.env.BENCH_START === 'loaded') workers.length = 0;
  for (const [i, worker] of workers.entries()) {
    if (STAGGER_MS && i > 0) await new Promise((resolve) => setTimeout(resolve, STAGGER_MS));
    worker.child.send('go');
  }
  const results = await Promise.all(started.map((w) => w.result));
  if (process.env.BENCH_DEBUG) debugWindows(results, sim.requestLog);
  const rateLimited = sim.requestLog.filter((e) => e.status === 429).length;
  await sim.close();
  return {
    charges: results.flatMap((r) => r.charges),
    failed: results.reduce((sum, r) => sum + r.failed, 0),
    seconds: Math.max(...results.map((r) => r.seconds)),
    readWaits: results.flatMap((r) => r.readWaits),
    rateLimited,
  };
}

/** Per window: credits each worker got charged, and how many calls arrived in the window's last 200 ms. */
function debugWindows(results: WorkerResult[], log: readonly { time: number; credits: number }[]): void {
  const starts = [...new Set(results.flatMap((r) => r.charges.map((c) => c.resetAt - WINDOW_MS)))].sort((a, b) => a - b);
  for (const start of starts) {
    const per = results.map((r) => r.charges.filter((c) => c.resetAt - WINDOW_MS === start).reduce((sum, c) => sum + c.credits, 0));
    const late = log.filter((e) => e.time >= start + WINDOW_MS - 200 && e.time < start + WINDOW_MS);
    const early = log.filter((e) => e.time >= start && e.time < start + 200);
    console.log(
      `  window ${start % 100_000}: ${per.join(' + ')} = ${per.reduce((a, b) => a + b, 0)}; first 200 ms ${early.length} calls, last 200 ms ${late.length} calls ${late.reduce((s, e) => s + e.credits, 0)} credits`,
    );
  }
}

const rows: string[] = [];
function report(name: string, fill: WindowFill, outcome: WorkerResult & { rateLimited: number }): void {
  const waits = [...outcome.readWaits].sort((a, b) => a - b);
  const pct = (p: number) => (waits.length ? waits[Math.min(waits.length - 1, Math.floor(p * waits.length))]!.toFixed(0) : '-');
  const reads = waits.length ? `; read waits ms p50 ${pct(0.5)} p95 ${pct(0.95)} max ${pct(1)}` : '';
  const line = `| ${name} | ${fill.mean.toFixed(3)} | ${fill.min.toFixed(3)} | ${fill.full.map((u) => u.toFixed(3)).join(' ')} | first ${fill.first.toFixed(3)}, tail ${fill.tail}; 429s ${outcome.rateLimited}, failed ${outcome.failed}, ${outcome.seconds.toFixed(1)} s${reads} |`;
  rows.push(line);
  console.log(line);
}

const redisInstalled = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
const cases: [string, Workload, number][] = [
  ['mixed', 'mixed', 1],
  ['mixed-cluster', 'mixed', 3],
  ['import', 'import', 1],
  ['import-cluster', 'import', 3],
];
for (const [name, workload, processes] of cases) {
  if (!want(name)) continue;
  if (processes > 1 && !redisInstalled) {
    console.log(`${name}: skipped (redis-server not installed)`);
    continue;
  }
  const { startRedisServer } = await import('../test/limiter/support/redis-server.js');
  const redis = processes > 1 ? await startRedisServer() : undefined;
  const outcome = await measure(workload, processes, redis?.port);
  await redis?.close();
  const fill = workload === 'mixed' ? fillWhileBacklogged(outcome.charges, BUDGET, WINDOW_MS) : fillDuringImport(outcome.charges, BUDGET, WINDOW_MS);
  const label = `${workload === 'mixed' ? 'mixed, queued at once' : 'import + steady reads'}, ${processes === 1 ? 'one process' : `${processes} processes (Redis)`}`;
  report(label, fill, outcome);
}

console.log(`\nbudget ${BUDGET} credits per ${WINDOW_MS} ms${STAGGER_MS ? `, workers started ${STAGGER_MS} ms apart` : ''}`);
console.log('| workload | mean full-window use | min | each full window | details |\n|---|---|---|---|---|');
for (const line of rows) console.log(line);
process.exit(0);
