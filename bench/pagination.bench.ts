/**
 * Reading 100,000 items: miro-rx's `getAllItems` against Miro's official Node client
 * (`@mirohq/miro-api`, board `getAllItems` with its largest limit, 50) and a hand-written axios
 * loop; page requests made; peak heap while a slow consumer works, with read-ahead K = 2 and
 * without a bound.
 *
 * Two servers, each in a child process (this file with `--server simulator|pages`) so that the
 * stored items and the answer building stay out of the measured heap:
 * - `simulator`: the Miro simulator, seeded with `state.addItems` (the reference);
 * - `pages`: a minimal Miro-shaped cursor server whose page cost does not grow with the board,
 *   so that client overhead is visible and a consumer can be slower than the reader.
 * Run: `npm run bench pagination` (`BENCH_ITEMS=20000` for a shorter run, `BENCH_SERVERS=pages` for one
 * section). One run, ratios printed.
 */
import http from 'node:http';
import os from 'node:os';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import axios from 'axios';
import { concatMap, count, defer, lastValueFrom, take, takeUntil, timer, type Observable } from 'rxjs';
import { MiroApi, processWithReadAhead, type MiroInterceptor } from '../src/index.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const TOKEN = 'bench-token';
// A budget far above what a read spends, on both sides: the bench measures paging, not waiting.
const BUDGET = 100_000_000;
const HEAP_BOUND = 50 * 1024 * 1024;

type ServerKind = 'simulator' | 'pages';
interface Ready {
  url: string;
  boardId: string;
}

const serverArg = process.argv.indexOf('--server');
if (serverArg > 0) await serve(process.argv[serverArg + 1] as ServerKind);
else await main();

/** Child process: starts one server, seeds it, answers `requests` / `clear` / `close` messages. */
async function serve(kind: ServerKind): Promise<void> {
  let ready: Ready;
  let pageRequests: () => number;
  let clear: () => void;
  let close: () => Promise<void>;
  if (kind === 'simulator') {
    const { startMiroSimulator } = await import('../src/simulator/index.js');
    const miro = await startMiroSimulator({ tokens: [TOKEN], rateLimit: { budget: BUDGET, windowMs: 60_000 } });
    const board = miro.state.createBoard({ name: 'bench' });
    miro.state.addItems(board.id, ITEMS);
    ready = { url: miro.url, boardId: board.id };
    pageRequests = () => miro.requestLog.filter((entry) => entry.operationId === 'get-items').length;
    clear = () => miro.clearLog();
    close = () => miro.close();
  } else {
    const { startPagingServer } = await import('../test/pagination/support/paging-server.js');
    const server = await startPagingServer({ items: ITEMS });
    ready = { url: server.url, boardId: 'bench-board' };
    pageRequests = () => server.requests.filter((request) => request.url.includes('/items')).length;
    clear = () => server.reset({ items: ITEMS });
    close = () => server.close();
  }
  process.on('message', (message) => {
    if (message === 'requests') process.send!({ requests: pageRequests() });
    if (message === 'clear') {
      clear();
      process.send!({ cleared: true });
    }
    if (message === 'close') void close().then(() => process.exit(0));
  });
  process.send!(ready);
}

async function main(): Promise<void> {
  console.log(
    `Reading ${ITEMS.toLocaleString('en')} items, best of two alternating timed runs per client, after a warm-up of each (load average ${loadAverage()})`,
  );
  // BENCH_SERVERS=pages (or simulator) runs one section only.
  const kinds = (process.env.BENCH_SERVERS ?? 'pages,simulator').split(',') as ServerKind[];
  for (const kind of kinds) {
    const server = await startServer(kind);
    console.log(`\n-- ${kind === 'simulator' ? 'Miro simulator' : 'minimal page server'} (${server.url})`);
    await compareReaders(server);
    if (kind === 'pages') await compareHeap(server);
    await server.close();
  }
}

type BenchServer = Ready & { requests(): Promise<number>; clear(): Promise<void>; close(): Promise<void> };

async function startServer(kind: ServerKind): Promise<BenchServer> {
  const child = fork(fileURLToPath(import.meta.url), ['--server', kind], { execArgv: ['--import', 'tsx'] });
  const ready = await reply<Ready>(child);
  return {
    ...ready,
    requests: async () => {
      child.send('requests');
      return (await reply<{ requests: number }>(child)).requests;
    },
    clear: async () => {
      child.send('clear');
      await reply(child);
    },
    close: async () => {
      child.send('close');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function compareReaders({ url, boardId, requests, clear }: BenchServer): Promise<void> {
  const miroRx = new MiroApi(TOKEN, { baseUrl: url, scimBaseUrl: `${url}/scim`, rateLimit: { budget: BUDGET } });
  const { MiroApi: OfficialMiroApi } = await import('@mirohq/miro-api');
  const official = new OfficialMiroApi(TOKEN, url, undefined, 60_000);
  const keepAlive = axios.create({ baseURL: url, headers: { authorization: `Bearer ${TOKEN}` }, httpAgent: new http.Agent({ keepAlive: true }) });
  const unlimited = new MiroApi(TOKEN, { baseUrl: url, scimBaseUrl: `${url}/scim`, rateLimit: false });
  // Each reader stops after `max` items: a short read first warms up JIT, sockets and validators.
  const readers: Record<string, (max: number) => Promise<number>> = {
    'miro-rx getAllItems': (max) => lastValueFrom(miroRx.getAllItems(boardId).pipe(take(max), count())),
    'miro-rx getAllItems, rateLimit: false': (max) => lastValueFrom(unlimited.getAllItems(boardId).pipe(take(max), count())),
    // The same requests without the paginator: what paging itself adds.
    'miro-rx getItems loop, rateLimit: false': async (max) => {
      let n = 0;
      let cursor: string | undefined;
      do {
        const page = await lastValueFrom(unlimited.getItems(boardId, { limit: 50, cursor }));
        n += page.data?.length ?? 0;
        cursor = page.cursor;
      } while (cursor && n < max);
      return n;
    },
    '@mirohq/miro-api getAllItems (limit 50)': async (max) => {
      const board = await official.getBoard(boardId);
      let n = 0;
      for await (const _item of board.getAllItems({ limit: '50' })) if (++n >= max) break;
      return n;
    },
    'axios loop (keep-alive agent)': async (max) => {
      let n = 0;
      let cursor: string | undefined;
      do {
        const { data } = await keepAlive.get(`/v2/boards/${boardId}/items`, { params: { limit: 50, cursor } });
        n += data.data.length;
        cursor = data.cursor;
      } while (cursor && n < max);
      return n;
    },
  };
  // Warm every reader before timing any, then keep each one's best of two alternating rounds:
  // with one cold run each, whichever reader went first paid for warming the code all of them share.
  for (const read of Object.values(readers)) await read(5_000);
  const times: Record<string, number> = {};
  const made: Record<string, number> = {};
  const read: Record<string, number> = {};
  for (let round = 0; round < 2; round += 1) {
    for (const [name, run] of Object.entries(readers)) {
      await clear();
      const started = performance.now();
      read[name] = await run(Infinity);
      times[name] = Math.min(times[name] ?? Infinity, performance.now() - started);
      made[name] = await requests();
    }
  }
  for (const name of Object.keys(readers)) {
    console.log(
      `  ${name.padEnd(42)} ${read[name]!.toLocaleString('en').padStart(7)} items ${String(made[name]).padStart(5)} page requests ${(times[name]! / 1000).toFixed(2).padStart(7)} s (best of 2)`,
    );
  }
  const ours = times['miro-rx getAllItems']!;
  const ratios = Object.entries(times)
    .filter(([name]) => name !== 'miro-rx getAllItems')
    .map(([name, ms]) => `${name} ${(ms / ours).toFixed(2)}x`);
  console.log(`  time relative to miro-rx getAllItems: ${ratios.join('; ')}`);
}

/**
 * Peak heap while a consumer slower than the reader handles items: unbounded (`concatMap`)
 * until the reader has fetched every page, then K = 2 for the same wall time.
 */
async function compareHeap({ url, boardId }: BenchServer): Promise<void> {
  let pagesFetched = 0;
  const countPages: MiroInterceptor = (request, next) => {
    pagesFetched += 1;
    return next(request);
  };
  const api = new MiroApi(TOKEN, { baseUrl: url, scimBaseUrl: `${url}/scim`, rateLimit: { budget: BUDGET }, interceptors: [countPages] });
  const slowItem = () => defer(() => new Promise<void>((resolve) => setTimeout(resolve, 1)));
  const totalPages = Math.ceil(ITEMS / 50);

  console.log(`  peak heap, consumer ~1 ms per item (slower than the reader):`);
  pagesFetched = 0;
  const allFetched$ = new Promise<void>((resolve) => {
    const poll = setInterval(() => pagesFetched >= totalPages && (clearInterval(poll), resolve()), 20);
  });
  const unbounded = await peakHeap((stop$) => api.getAllItems(boardId).pipe(concatMap(slowItem), takeUntil(stop$)), allFetched$);
  console.log(
    `    no bound (concatMap):  peak +${mb(unbounded.peak)}, retained +${mb(unbounded.retained)} above baseline; ${pagesFetched} pages read in ${(unbounded.ms / 1000).toFixed(1)} s`,
  );

  pagesFetched = 0;
  const sameTime$ = lastValueFrom(timer(unbounded.ms)).then(() => undefined);
  const bounded = await peakHeap(
    (stop$) => processWithReadAhead((processed$) => api.getAllItems(boardId, {}, { readAhead: 2, processed$ }), slowItem).pipe(takeUntil(stop$)),
    sameTime$,
  );
  console.log(
    `    readAhead K = 2:       peak +${mb(bounded.peak)}, retained +${mb(bounded.retained)} above baseline; ${pagesFetched} pages read in ${(bounded.ms / 1000).toFixed(1)} s`,
  );
  console.log(
    `    bound held (K = 2 under ${mb(HEAP_BOUND)} above baseline): ${bounded.peak < HEAP_BOUND ? 'yes' : 'NO'}; unbounded/bounded peak ${(unbounded.peak / Math.max(bounded.peak, 1)).toFixed(1)}x`,
  );
  if (bounded.peak >= HEAP_BOUND) process.exitCode = 1;
}

/**
 * Heap above a post-GC baseline while `run$` runs until `stop` resolves: `peak` samples
 * `heapUsed` every 10 ms (garbage included); `retained` forces a GC every 500 ms first, so it
 * shows what the read actually holds on to.
 */
async function peakHeap(
  run$: (stop$: Observable<unknown>) => Observable<unknown>,
  stop: Promise<void>,
): Promise<{ peak: number; retained: number; ms: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (npm run bench does)');
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = 0;
  let retained = 0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed - baseline)), 10);
  const collect = setInterval(() => {
    gc();
    retained = Math.max(retained, process.memoryUsage().heapUsed - baseline);
  }, 500);
  const started = performance.now();
  await lastValueFrom(run$(defer(() => stop)), { defaultValue: undefined });
  const ms = performance.now() - started;
  clearInterval(sample);
  clearInterval(collect);
  return { peak, retained, ms };
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
}

function reply<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`server process exited with ${code}`));
    child.once('exit', exited);
    child.once('message', (message) => {
      child.off('exit', exited);
      resolve(message as T);
    });
  });
}
