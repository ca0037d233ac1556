/**
 * Foundation benchmark (one run, ratios from that run; not a test):
 * 1. getSpecificBoard on loopback, sequential and 16 in flight: miro-rx as users run it (limiter
 *    and retries on), miro-rx with both off, the same through axios's own keep-alive adapter (as a
 *    caller may pass), raw axios with a keep-alive agent, the design's five packages composed by
 *    hand as their docs show (what the design costs before miro-rx adds anything), raw axios in one
 *    Bottleneck job per call as miro-rx runs Bottleneck (the floor of "every attempt a job"), and Miro's official Node client
 *    (@mirohq/miro-api), interleaved in rounds; requests/s, client CPU per request and the share
 *    of that CPU spent in garbage collection. miro-rx is loaded as built (tsup.config.ts's ESM build);
 * 2. CPU and peak memory of `import('miro-rx')` and `require('miro-rx')` against
 *    `require('@mirohq/miro-api')`, each in fresh child processes (bench/foundation/import-cost.ts);
 * 3. minified + gzipped browser bundles from the ESM build: an app calling three operations
 *    through `miro-rx/operations`, the same with five more, and with `MiroApi` methods.
 *
 * The loopback server runs in its own process so that it does not share an event loop with
 * the clients it serves. `npm run bench foundation`; BENCH_CALLS_ONLY=1 stops after the per-call
 * part, BENCH_IN_FLIGHT=1,16 picks the shapes, BENCH_ROUNDS and BENCH_REQUESTS size them.
 */
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import axios from 'axios';
import axiosRetry, { exponentialDelay } from 'axios-retry';
import Bottleneck from 'bottleneck/light.js';
import { defer, firstValueFrom, type Observable } from 'rxjs';
import * as z from 'zod/mini';
import { MiroLowlevelApi } from '@mirohq/miro-api';
import { pathToFileURL } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import type { MiroApi as MiroApiClass } from '../src/index.js';
import type * as operationsEntry from '../src/operations.js';
import { buildPackage } from './foundation/built-package.js';
import { controlQueue, reservoirOf } from '../src/limiter/bottleneck-queue-control.js';
import { browserBundles, type BundleSize } from './foundation/browser-bundles.js';
import { importCosts, type Contender as ImportContender } from './foundation/import-cost.js';

const ROOT = resolve(import.meta.dirname, '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'miro-rx-bench');
const TOKEN = 'bench-token';
const BOARD_ID = 'uXjVOfjkmAk=';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PER_ROUND = Number(process.env.BENCH_REQUESTS ?? 1500);
const IMPORT_RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 5);
const IN_FLIGHT = (process.env.BENCH_IN_FLIGHT ?? '1,16').split(',').map(Number);
const MIRO_RX = 'miro-rx (default: limiter, retries)';
const MIRO_RX_BARE = 'miro-rx (limiter, retries off)';
const RAW_AXIOS = 'raw axios (keep-alive agent)';
const RX_AXIOS_ADAPTER = "miro-rx (both off), a caller's axios instance";
const OFFICIAL = '@mirohq/miro-api 2.2.4';
const COMPOSED = 'the five packages composed by hand';
const BOTTLENECK_JOB = 'plain axios in one Bottleneck job, Bottleneck as miro-rx runs it';
const RX_FUNCTION = 'miro-rx/operations getSpecificBoard(client), default';

// ---- loopback server, in a child process -----------------------------------------------------
const SERVER_SOURCE = `
const http = require('node:http');
const board = JSON.stringify({
  id: 'uXjVOfjkmAk=', type: 'board', name: 'Sprint planning', description: 'Quarterly roadmap and sprint board',
  createdAt: '2026-01-02T03:04:05Z', modifiedAt: '2026-11-23T10:15:30Z',
  owner: { id: '3458764517517819000', name: 'Ada', type: 'user' },
  createdBy: { id: '3458764517517819000', name: 'Ada', type: 'user' },
  modifiedBy: { id: '3458764517517819000', name: 'Ada', type: 'user' },
  team: { id: '3458764517517819001', name: 'Platform', type: 'team' },
  policy: { permissionsPolicy: { collaborationToolsStartAccess: 'all_editors', copyAccess: 'anyone', sharingAccess: 'team_members_with_editing_rights' },
            sharingPolicy: { access: 'private', inviteToAccountAndBoardLinkAccess: 'no_access', organizationAccess: 'private', teamAccess: 'private' } },
  viewLink: 'https://miro.com/app/board/uXjVOfjkmAk=', links: { self: 'https://api.miro.com/v2/boards/uXjVOfjkmAk=', related: 'https://api.miro.com/v2/boards/uXjVOfjkmAk=/members' },
});
const server = http.createServer({ keepAliveTimeout: 60000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(board),
      'x-ratelimit-limit': '100000', 'x-ratelimit-remaining': '99950', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60) });
    res.end(board);
  });
});
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
`;

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', SERVER_SOURCE], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((ok, fail) => {
    child.once('message', (message) => ok(Number(message)));
    child.once('exit', (code) => fail(new Error(`loopback server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

type OperationsModule = Pick<typeof operationsEntry, 'MiroClient' | 'getSpecificBoard'>;

// ---- throughput ------------------------------------------------------------------------------
type Contender = { name: string; call: () => Promise<unknown> };

interface Sample {
  /** Wall-clock requests per second. */
  rate: number;
  /** Client CPU time per request (user + system), in microseconds: less sensitive to a busy machine. */
  cpuMicros: number;
  /** Garbage collection (perf_hooks `gc` entries) as a share of the client's CPU time. */
  gcShare: number;
}

// GC pauses as perf_hooks reports them; a sample sums those that started inside it.
const gcPauses: { startTime: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push({ startTime: entry.startTime, duration: entry.duration });
}).observe({ entryTypes: ['gc'] });

async function measure(contender: Contender, count: number, inFlight: number): Promise<Sample> {
  gcPauses.length = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  let left = count;
  const worker = async () => {
    while (left > 0) {
      left -= 1;
      await contender.call();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const ended = performance.now();
  const used = process.cpuUsage(cpu);
  await new Promise((done) => setImmediate(done)); // the observer reports on a later turn
  const gcMs = gcPauses.filter((p) => p.startTime >= started && p.startTime <= ended).reduce((sum, p) => sum + p.duration, 0);
  const cpuMs = (used.user + used.system) / 1000;
  return { rate: (count * 1000) / (ended - started), cpuMicros: (cpuMs * 1000) / count, gcShare: gcMs / cpuMs };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function contenders(url: string, MiroApi: typeof MiroApiClass, functions: OperationsModule): Contender[] {
  // As users run it: limiter and retries on (the server's headers leave the budget untouched).
  const miroRx = new MiroApi(TOKEN, { baseUrl: url, scimBaseUrl: url });
  const miroRxBare = new MiroApi(TOKEN, { baseUrl: url, scimBaseUrl: url, rateLimit: false, retry: false });
  const ownAdapter = axios.create({ maxRedirects: 0, httpAgent: new http.Agent({ keepAlive: true }) });
  const miroRxAxiosAdapter = new MiroApi(TOKEN, { baseUrl: url, scimBaseUrl: url, rateLimit: false, retry: false, axios: ownAdapter });
  // The anchor: what the design costs at least, a plain axios instance on a keep-alive agent.
  const rawAxios = axios.create({ httpAgent: new http.Agent({ keepAlive: true }) });
  const official = new MiroLowlevelApi(TOKEN, url);
  const composed = composedDesign(url);
  const oneJob = inBottleneckJob();
  const client = new functions.MiroClient(TOKEN, { baseUrl: url, scimBaseUrl: url });
  const boardUrl = `${url}/v2/boards/${encodeURIComponent(BOARD_ID)}`;
  const headers = { authorization: `Bearer ${TOKEN}` };
  return [
    { name: MIRO_RX, call: () => firstValueFrom(miroRx.getSpecificBoard(BOARD_ID)) },
    { name: RX_FUNCTION, call: () => firstValueFrom(functions.getSpecificBoard(client, BOARD_ID)) },
    { name: MIRO_RX_BARE, call: () => firstValueFrom(miroRxBare.getSpecificBoard(BOARD_ID)) },
    { name: RX_AXIOS_ADAPTER, call: () => firstValueFrom(miroRxAxiosAdapter.getSpecificBoard(BOARD_ID)) },
    { name: RAW_AXIOS, call: () => rawAxios.get(boardUrl, { headers }) },
    { name: COMPOSED, call: () => firstValueFrom(composed(BOARD_ID)) },
    { name: BOTTLENECK_JOB, call: () => oneJob(() => rawAxios.get(boardUrl, { headers })) },
    { name: OFFICIAL, call: () => official.getSpecificBoard(BOARD_ID) },
  ];
}

/**
 * The floor of this design: each package doing its one job as its own docs show, nothing of
 * miro-rx. zod checks the board id, a Bottleneck job of 50 credits (Level 1) from a reservoir
 * (as large as the run needs: the server's headers keep miro-rx's window open, so this one must
 * not run dry either), axios-retry with exponential backoff on a keep-alive axios instance, and
 * a cold Observable of the parsed body.
 */
function composedDesign(url: string): (boardId: string) => Observable<unknown> {
  const instance = axios.create({ baseURL: url, httpAgent: new http.Agent({ keepAlive: true }), headers: { authorization: `Bearer ${TOKEN}` } });
  axiosRetry(instance, { retries: 3, retryDelay: exponentialDelay });
  const limiter = new Bottleneck({ reservoir: Number.MAX_SAFE_INTEGER });
  const boardId = z.string().check(z.minLength(1));
  return (id) =>
    defer(() => {
      const valid = boardId.parse(id);
      return limiter.schedule({ weight: 50 }, () => instance.get(`/v2/boards/${encodeURIComponent(valid)}`).then((response) => response.data as unknown));
    });
}

/**
 * The floor the rule sets ("every attempt is a Bottleneck job of its weight"): plain
 * axios, each call one job of 50 credits on Bottleneck as miro-rx's local store runs it (its
 * queue control: no timer yields, silent events, src/limiter/bottleneck-queue-control.ts), and
 * nothing else. Stock Bottleneck yields to a timer at each step (the composition above).
 */
function inBottleneckJob(): <T>(send: () => Promise<T>) => Promise<T> {
  const limiter = new Bottleneck({ reservoir: Number.MAX_SAFE_INTEGER, maxConcurrent: Number.MAX_SAFE_INTEGER });
  controlQueue(limiter, () => reservoirOf(limiter), true);
  return (send) => limiter.schedule({ weight: 50 }, send);
}

async function throughput(all: Contender[], inFlight: number): Promise<Map<string, Sample>> {
  for (const contender of all) await measure(contender, 300, inFlight); // warm-up: JIT, sockets
  const samples = new Map(all.map((c) => [c.name, [] as Sample[]]));
  for (let round = 0; round < ROUNDS; round += 1) {
    // Rotate the order each round so no client always runs first (or last) on a busy machine.
    for (let i = 0; i < all.length; i += 1) {
      const contender = all[(round + i) % all.length]!;
      globalThis.gc?.();
      samples.get(contender.name)!.push(await measure(contender, PER_ROUND, inFlight));
    }
  }
  const middle = (values: Sample[], key: keyof Sample) => median(values.map((v) => v[key]));
  return new Map(
    [...samples].map(([name, values]) => [name, { rate: middle(values, 'rate'), cpuMicros: middle(values, 'cpuMicros'), gcShare: middle(values, 'gcShare') }]),
  );
}

function report(results: Map<string, Sample>): void {
  const rx = results.get(MIRO_RX)!;
  console.table(
    [...results].map(([client, { rate, cpuMicros, gcShare }]) => ({
      client,
      'requests/s': Math.round(rate),
      'miro-rx speed ratio': (rx.rate / rate).toFixed(2),
      'client CPU µs/request': Math.round(cpuMicros),
      'miro-rx CPU-efficiency ratio': (cpuMicros / rx.cpuMicros).toFixed(2),
      'GC share of CPU': `${(gcShare * 100).toFixed(1)} %`,
    })),
  );
  const raw = results.get(RAW_AXIOS)!;
  const official = results.get(OFFICIAL)!;
  const bare = results.get(MIRO_RX_BARE)!;
  const composed = results.get(COMPOSED)!;
  const oneJob = results.get(BOTTLENECK_JOB)!;
  console.log(
    `goals, default configuration: miro-rx / plain axios speed ${(rx.rate / raw.rate).toFixed(2)} (>= 0.90), CPU per request ${(rx.cpuMicros / raw.cpuMicros).toFixed(2)}x (<= 1.15)`,
  );
  console.log(
    `the design's floor: the five packages composed by hand / plain axios speed ${(composed.rate / raw.rate).toFixed(2)}, CPU ${(composed.cpuMicros / raw.cpuMicros).toFixed(2)}x; miro-rx / that composition speed ${(rx.rate / composed.rate).toFixed(2)}, CPU ${(rx.cpuMicros / composed.cpuMicros).toFixed(2)}x`,
  );
  console.log(
    `one Bottleneck job per call, as miro-rx runs Bottleneck, around plain axios / plain axios speed ${(oneJob.rate / raw.rate).toFixed(2)}, CPU ${(oneJob.cpuMicros / raw.cpuMicros).toFixed(2)}x`,
  );
  console.log(
    `for context: miro-rx / official speed ${(rx.rate / official.rate).toFixed(2)}, CPU ${(rx.cpuMicros / official.cpuMicros).toFixed(2)}x; limiter and retries off / plain axios speed ${(bare.rate / raw.rate).toFixed(2)}, CPU ${(bare.cpuMicros / raw.cpuMicros).toFixed(2)}x`,
  );
}

// ---- import cost and bundles -----------------------------------------------------------------
const range = (values: number[], digits = 0) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `${median(values).toFixed(digits)} (${sorted[0]!.toFixed(digits)}-${sorted.at(-1)!.toFixed(digits)})`;
};

function reportImports(dist: { esm: string; cjs: string }): void {
  // What the packages miro-rx loads at run time cost by themselves (its builds carry zod,
  // and the ESM build Bottleneck's light build, inside them).
  const dependencies = join(CACHE, 'dependencies-alone.mjs');
  writeFileSync(dependencies, "import 'axios'; import 'axios-retry'; import 'rxjs';\n");
  const contenders: ImportContender[] = [
    { name: 'node alone', how: 'import', specifier: 'data:text/javascript,' },
    { name: 'axios + axios-retry + rxjs alone', how: 'import', specifier: pathToFileURL(dependencies).href },
    { name: "import('miro-rx')", how: 'import', specifier: pathToFileURL(dist.esm).href },
    { name: "require('miro-rx')", how: 'require', specifier: dist.cjs },
    { name: "require('@mirohq/miro-api')", how: 'require', specifier: '@mirohq/miro-api' },
  ];
  const samples = importCosts(contenders, IMPORT_RUNS, CACHE);
  const official = samples.get("require('@mirohq/miro-api')")!;
  const design = samples.get('axios + axios-retry + rxjs alone')!;
  console.log(`\nimport cost: ${IMPORT_RUNS} fresh processes each, rotating order; median (min-max)`);
  console.table(
    Object.fromEntries(
      [...samples].map(([name, runs]) => [
        name,
        {
          'CPU ms': range(runs.map((r) => r.cpuMs)),
          'peak RSS MB': range(
            runs.map((r) => r.peakMb),
            1,
          ),
          'RSS after MB': range(
            runs.map((r) => r.rssMb),
            1,
          ),
          'CPU / axios+retry+rxjs': (median(runs.map((r) => r.cpuMs)) / median(design.map((r) => r.cpuMs))).toFixed(2),
          'CPU / official': (median(runs.map((r) => r.cpuMs)) / median(official.map((r) => r.cpuMs))).toFixed(2),
          'peak / official': (median(runs.map((r) => r.peakMb)) / median(official.map((r) => r.peakMb))).toFixed(2),
          'RSS after / official': (median(runs.map((r) => r.rssMb)) / median(official.map((r) => r.rssMb))).toFixed(2),
        },
      ]),
    ),
  );
  console.log('goal: miro-rx (ESM and CJS) at most 1.15x the CPU of loading axios, axios-retry and rxjs alone');
}

async function reportBundles(dist: { esm: string; operations: string }): Promise<void> {
  const sources = { index: join(ROOT, 'src/index.ts'), operations: join(ROOT, 'src/operations.ts') };
  const { three, fromSources, eight, methods, clientFromIndex, packagesAlone, further } = await browserBundles(
    { index: dist.esm, operations: dist.operations },
    sources,
    ROOT,
  );
  console.log('\nbrowser bundles from the ESM build (esbuild --bundle --minify --platform=browser)');
  const row = (size: BundleSize) => ({
    minified: kb(size.minified),
    gzipped: kb(size.gzipped),
    ...Object.fromEntries(Object.entries(size.parts).map(([k, v]) => [k, kb(v)])),
  });
  console.table({
    '3 operations, miro-rx/operations': row(three),
    '3 operations, the same from src/': row(fromSources),
    [`${3 + further} operations, miro-rx/operations`]: row(eight),
    '3 operations, MiroApi methods': row(methods),
    "3 operations, MiroClient from 'miro-rx'": row(clientFromIndex),
    '3 calls, the five packages composed by hand': row(packagesAlone),
  });
  const perOperation = (eight.gzipped - three.gzipped) / further;
  console.log(
    `the design's floor: the same three calls with its five packages alone ${kb(packagesAlone.gzipped)} gzipped; miro-rx adds ${kb(three.gzipped - packagesAlone.gzipped)}`,
  );
  console.log(
    `goals: 3 operations ${kb(three.gzipped)} gzipped with axios inside (<= 55 KB); each further operation ${(perOperation / 1024).toFixed(2)} KB (< 1 KB); MiroClient from 'miro-rx' +${kb(clientFromIndex.gzipped - three.gzipped)} (<= 2 KB)`,
  );
}

// ---- report ----------------------------------------------------------------------------------
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const { url, child } = await startServer();
try {
  // miro-rx as users get it: the built ESM package (dependencies from node_modules), not the
  // sources through tsx, whose keep-names wrappers cost on every closure made per request.
  const dist = await buildPackage(join(CACHE, 'dist'));
  const { MiroApi } = (await import(pathToFileURL(dist.esm).href)) as { MiroApi: typeof MiroApiClass };
  const functions = (await import(pathToFileURL(dist.operations).href)) as OperationsModule;
  const all = contenders(url, MiroApi, functions);
  for (const inFlight of IN_FLIGHT) {
    const shape = inFlight === 1 ? 'sequential' : `${inFlight} in flight`;
    console.log(`\n${shape} getSpecificBoard on loopback: ${ROUNDS} rounds x ${PER_ROUND} requests, median round`);
    report(await throughput(all, inFlight));
  }
  // BENCH_CALLS_ONLY: per-call figures only (profiling sessions).
  if (!process.env.BENCH_CALLS_ONLY) {
    reportImports(dist);
    await reportBundles(dist);
  }
} finally {
  child.kill();
}
mkdirSync(CACHE, { recursive: true });
writeFileSync(join(CACHE, 'last-foundation-run.txt'), new Date().toISOString());
