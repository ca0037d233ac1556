/**
 * Foundation benchmark (one run, ratios from that run; not a test):
 * 1. getSpecificBoard on loopback, sequential and 16 in flight: miro-rx as users run it (limiter
 *    and retries on), miro-rx with both off, the same through axios's own keep-alive adapter (as a
 *    caller may pass), raw axios with a keep-alive agent, and Miro's official Node client
 *    (@mirohq/miro-api), interleaved in rounds; requests/s, client CPU per request and the share
 *    of that CPU spent in garbage collection. miro-rx is loaded as built (esbuild, one ESM file);
 * 2. import time and resident memory after import, each in fresh child processes;
 * 3. minified + gzipped browser bundle of a tiny app calling three operations.
 *
 * The loopback server runs in its own process so that it does not share an event loop with
 * the clients it serves. `npm run bench foundation`; BENCH_CALLS_ONLY=1 stops after the per-call
 * part, BENCH_IN_FLIGHT=1,16 picks the shapes, BENCH_ROUNDS and BENCH_REQUESTS size them.
 */
import http from 'node:http';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import axios from 'axios';
import { build } from 'esbuild';
import { firstValueFrom } from 'rxjs';
import { MiroLowlevelApi } from '@mirohq/miro-api';
import { pathToFileURL } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import type { MiroApi as MiroApiClass } from '../src/index.js';

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
const RX_AXIOS_ADAPTER = "miro-rx (both off) + axios's own adapter";
const OFFICIAL = '@mirohq/miro-api 2.2.4';

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

function contenders(url: string, MiroApi: typeof MiroApiClass): Contender[] {
  // As users run it: limiter and retries on (the server's headers leave the budget untouched).
  const miroRx = new MiroApi(TOKEN, { baseUrl: url, scimBaseUrl: url });
  const miroRxBare = new MiroApi(TOKEN, { baseUrl: url, scimBaseUrl: url, rateLimit: false, retry: false });
  const ownAdapter = axios.create({ maxRedirects: 0, httpAgent: new http.Agent({ keepAlive: true }) });
  const miroRxAxiosAdapter = new MiroApi(TOKEN, { baseUrl: url, scimBaseUrl: url, rateLimit: false, retry: false, axios: ownAdapter });
  const rawAxios = axios.create({ httpAgent: new http.Agent({ keepAlive: true }) });
  const official = new MiroLowlevelApi(TOKEN, url);
  const boardUrl = `${url}/v2/boards/${encodeURIComponent(BOARD_ID)}`;
  const headers = { authorization: `Bearer ${TOKEN}` };
  return [
    { name: MIRO_RX, call: () => firstValueFrom(miroRx.getSpecificBoard(BOARD_ID)) },
    { name: MIRO_RX_BARE, call: () => firstValueFrom(miroRxBare.getSpecificBoard(BOARD_ID)) },
    { name: RX_AXIOS_ADAPTER, call: () => firstValueFrom(miroRxAxiosAdapter.getSpecificBoard(BOARD_ID)) },
    { name: RAW_AXIOS, call: () => rawAxios.get(boardUrl, { headers }) },
    { name: OFFICIAL, call: () => official.getSpecificBoard(BOARD_ID) },
  ];
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
  return new Map([...samples].map(([name, values]) => [name, { rate: middle(values, 'rate'), cpuMicros: middle(values, 'cpuMicros'), gcShare: middle(values, 'gcShare') }]));
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
  console.log(
    `goals, default configuration (requests/s): miro-rx / official = ${(rx.rate / official.rate).toFixed(2)} (>= 1.00), by CPU ${(official.cpuMicros / rx.cpuMicros).toFixed(2)} (>= 1.00); miro-rx / raw axios = ${(rx.rate / raw.rate).toFixed(2)} (>= 0.90)`,
  );
  console.log(
    `limiter and retries off: / official = ${(bare.rate / official.rate).toFixed(2)}, by CPU ${(official.cpuMicros / bare.cpuMicros).toFixed(2)}; / raw axios = ${(bare.rate / raw.rate).toFixed(2)}`,
  );
  const viaAxiosAdapter = results.get(RX_AXIOS_ADAPTER)!;
  console.log(
    `miro-rx (both off) through axios's own adapter: / raw axios = ${(viaAxiosAdapter.rate / raw.rate).toFixed(2)}, / official = ${(viaAxiosAdapter.rate / official.rate).toFixed(2)}; by CPU ${(raw.cpuMicros / viaAxiosAdapter.cpuMicros).toFixed(2)} and ${(official.cpuMicros / viaAxiosAdapter.cpuMicros).toFixed(2)}`,
  );
}

// ---- import cost -----------------------------------------------------------------------------
async function bundleForNode(): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const out = join(CACHE, 'miro-rx.mjs');
  // What `import 'miro-rx'` loads from dist: our code in one file, dependencies from node_modules.
  await build({ entryPoints: [join(ROOT, 'src/index.ts')], bundle: true, packages: 'external', platform: 'node', format: 'esm', outfile: out, logLevel: 'silent' });
  return out;
}

function importCost(specifier: string): { ms: number; rssMb: number } {
  const probe = `const t = performance.now(); await import(${JSON.stringify(specifier)}); const ms = performance.now() - t;
    console.log(JSON.stringify({ ms, rssMb: process.memoryUsage().rss / 1048576 }));`;
  const runs = Array.from({ length: IMPORT_RUNS }, () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: CACHE, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`importing ${specifier} failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as { ms: number; rssMb: number };
  });
  return { ms: median(runs.map((r) => r.ms)), rssMb: median(runs.map((r) => r.rssMb)) };
}

// ---- browser bundle --------------------------------------------------------------------------
const TINY_APP = `
import { MiroApi } from './src/index.ts';
const api = new MiroApi(() => localStorage.getItem('miro-token') ?? '');
api.getSpecificBoard('uXjVOfjkmAk=').subscribe((board) => console.log(board.name));
api.getItems('uXjVOfjkmAk=', { limit: 50 }).subscribe((page) => console.log(page.data.length));
api.createStickyNoteItem('uXjVOfjkmAk=', { data: { content: 'Hello' } }).subscribe((note) => console.log(note.id));
`;

async function browserBundle() {
  const result = await build({
    stdin: { contents: TINY_APP, resolveDir: ROOT, loader: 'ts', sourcefile: 'tiny-app.ts' },
    bundle: true, minify: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const share = (pattern: RegExp) =>
    Object.values(result.metafile.outputs)[0]!.inputs &&
    Object.entries(Object.values(result.metafile.outputs)[0]!.inputs)
      .filter(([file]) => pattern.test(file))
      .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
  return {
    minified: code.byteLength,
    gzipped: gzipSync(code, { level: 9 }).byteLength,
    parts: {
      'src/generated (197 operations)': share(/src\/generated\//),
      'src (hand-written)': share(/^src\/(?!generated\/)/),
      zod: share(/node_modules\/zod\//),
      axios: share(/node_modules\/axios\//),
      rxjs: share(/node_modules\/rxjs\//),
      'other packages': share(/node_modules\/(?!zod\/|axios\/|rxjs\/)/),
    },
  };
}

// ---- report ----------------------------------------------------------------------------------
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const { url, child } = await startServer();
try {
  // miro-rx as users get it: built code (one ESM file, dependencies from node_modules), not the
  // sources through tsx, whose keep-names wrappers cost on every closure made per request.
  const bundled = await bundleForNode();
  const { MiroApi } = (await import(pathToFileURL(bundled).href)) as { MiroApi: typeof MiroApiClass };
  const all = contenders(url, MiroApi);
  for (const inFlight of IN_FLIGHT) {
    const shape = inFlight === 1 ? 'sequential' : `${inFlight} in flight`;
    console.log(`\n${shape} getSpecificBoard on loopback: ${ROUNDS} rounds x ${PER_ROUND} requests, median round`);
    report(await throughput(all, inFlight));
  }

  // BENCH_CALLS_ONLY: per-call figures only (profiling sessions).
  if (!process.env.BENCH_CALLS_ONLY) {

    console.log(`\nimport cost, median of ${IMPORT_RUNS} fresh processes each (rss = whole process after import)`);
    console.table({
      'node alone': importCost('data:text/javascript,'),
      'miro-rx': importCost(bundled),
      '@mirohq/miro-api': importCost('@mirohq/miro-api'),
    });

    const bundle = await browserBundle();
    console.log(`\nbrowser bundle of a tiny app calling 3 operations (esbuild --bundle --minify --platform=browser)`);
    console.log(`minified ${kb(bundle.minified)}, gzipped ${kb(bundle.gzipped)}; minified bytes by origin:`);
    console.table(Object.fromEntries(Object.entries(bundle.parts).map(([origin, bytes]) => [origin, { minified: kb(bytes) }])));
  }
} finally {
  child.kill();
}
writeFileSync(join(CACHE, 'last-foundation-run.txt'), new Date().toISOString());
