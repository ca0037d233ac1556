/**
 * Creating 2,000 sticky notes under a scaled credit window (20,000 credits per 2 s, the same
 * budget on the simulator and in the client): miro-rx `bulkCreateItems` (100 calls of 20) against
 * one miro-rx `createStickyNoteItem` per note and against `@mirohq/miro-api` one by one (no
 * limiter: its caller must wait out each 429 itself, as done here from `X-RateLimit-Reset`).
 * Reports requests, 429s, credits charged, credits per second against the budget, the use of
 * each full window, and wall time.
 *
 * The simulator runs in a child process (this file, started with `--simulator`), so that its
 * work does not share the client's event loop. A fresh simulator for each contender.
 * Run: `npm run bench bulk`. One run; ratios printed, no assertion on time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { catchError, from, lastValueFrom, mergeMap, of, tap, toArray } from 'rxjs';
import { MiroApi } from '../src/index.js';
import type { SimulatorLogEntry } from '../src/simulator/index.js';

const NOTES = 2_000;
const TOKEN = 'bench-token';
const WINDOW = { budget: 20_000, windowMs: 2_000 };
const PER_ITEM_CONCURRENCY = 16;

interface SimulatorReady {
  url: string;
  boardId: string;
}

if (process.argv.includes('--simulator')) {
  await serveSimulators();
} else {
  await main();
}

/** Child process: one simulator at a time, its log and item count on request. */
async function serveSimulators(): Promise<void> {
  const { startMiroSimulator } = await import('../src/simulator/index.js');
  let miro: Awaited<ReturnType<typeof startMiroSimulator>> | undefined;
  let boardId = '';
  process.on('message', async (message) => {
    if (message === 'start') {
      await miro?.close();
      miro = await startMiroSimulator({ tokens: [TOKEN], rateLimit: WINDOW, maxLogEntries: 1_000_000 });
      boardId = miro.state.createBoard({ name: 'bench' }).id;
      process.send!({ url: miro.url, boardId } satisfies SimulatorReady);
    }
    if (message === 'report') process.send!({ log: miro!.requestLog, items: miro!.state.items(boardId).length });
    if (message === 'close') void miro?.close().then(() => process.exit(0));
  });
  process.send!({ ready: true });
}

interface Outcome {
  name: string;
  requests: number;
  rateLimited: number;
  credits: number;
  created: number;
  wallMs: number;
  /** Credits per second over the run, as a share of the budget's rate. */
  rateUse: number;
  /** Credits spent in each full window, as a share of the budget (first and last windows are partial). */
  windowUse: number[];
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--simulator'], { execArgv: ['--import', 'tsx'] });
  await reply(child);
  const notes = Array.from({ length: NOTES }, (_, n) => ({
    type: 'sticky_note' as const,
    data: { content: `Note ${n}` },
    position: { x: (n % 50) * 220, y: Math.floor(n / 50) * 240 },
  }));
  const { MiroLowlevelApi } = await import('@mirohq/miro-api');

  const contenders: Record<string, (url: string, boardId: string) => Promise<void>> = {
    'miro-rx bulkCreateItems': async (url, boardId) => {
      const api = new MiroApi(TOKEN, { baseUrl: url, scimBaseUrl: `${url}/scim`, rateLimit: WINDOW });
      const results = await lastValueFrom(api.bulkCreateItems(boardId, notes).pipe(toArray()));
      const failed = results.filter((result) => result.error);
      if (failed.length) throw new Error(`${failed.length} notes failed: ${failed[0]!.error!.message}`);
    },
    'miro-rx createStickyNoteItem x 2,000': async (url, boardId) => {
      const api = new MiroApi(TOKEN, { baseUrl: url, scimBaseUrl: `${url}/scim`, rateLimit: WINDOW });
      let failures = 0;
      await lastValueFrom(
        from(notes).pipe(
          mergeMap(
            ({ type: _type, ...note }) => api.createStickyNoteItem(boardId, note).pipe(catchError(() => of((failures += 1)))),
            PER_ITEM_CONCURRENCY,
          ),
          toArray(),
        ),
      );
      if (failures) throw new Error(`${failures} notes failed`);
    },
    '@mirohq/miro-api createStickyNoteItem one by one': async (url, boardId) => {
      const official = new MiroLowlevelApi(TOKEN, url);
      for (const { type: _type, ...note } of notes) {
        for (;;) {
          try {
            await official.createStickyNoteItem(boardId, note);
            break;
          } catch (error) {
            const { statusCode, response } = error as { statusCode?: number; response?: { headers: { get(name: string): string | null } } };
            if (statusCode !== 429) throw error;
            // No limiter in the official client: wait for the window's reset, as its users must.
            const resetAt = Number(response?.headers.get('x-ratelimit-reset')) * 1000;
            await new Promise((resolve) => setTimeout(resolve, Math.max(resetAt - Date.now(), 0) + 10));
          }
        }
      }
    },
  };

  const outcomes: Outcome[] = [];
  for (const [name, run] of Object.entries(contenders)) {
    child.send('start');
    const { url, boardId } = await reply<SimulatorReady>(child);
    const started = Date.now();
    await run(url, boardId);
    const wallMs = Date.now() - started;
    child.send('report');
    const { log, items } = await reply<{ log: SimulatorLogEntry[]; items: number }>(child);
    outcomes.push(summarise(name, log, items, wallMs));
    console.log(`  ${name}: done in ${(wallMs / 1000).toFixed(1)} s`);
  }
  child.send('close');

  console.log(`\n${NOTES} sticky notes, budget ${WINDOW.budget} credits per ${WINDOW.windowMs} ms (simulator and client)\n`);
  console.log('| contender | requests | 429s | credits | created | wall s | budget used, full windows: mean (min..max, count) | credits/s over the run vs budget rate |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const o of outcomes) {
    const use = o.windowUse;
    const windows = use.length
      ? `${(use.reduce((a, b) => a + b, 0) / use.length).toFixed(3)} (${Math.min(...use).toFixed(3)}..${Math.max(...use).toFixed(3)}, ${use.length})`
      : 'n/a';
    console.log(`| ${[o.name, o.requests, o.rateLimited, o.credits, o.created, (o.wallMs / 1000).toFixed(2), windows, o.rateUse.toFixed(3)].join(' | ')} |`);
  }
  // The run starts inside a window whose whole budget is still there, so credits/s over the run can pass 1.
  console.log('(credits/s over the run can exceed 1: the first window is entered part-way with its whole budget available)');
  for (const o of outcomes) console.log(`full windows, in order, ${o.name}: ${o.windowUse.map((use) => use.toFixed(2)).join(' ')}`);
  const [bulk, perItem, official] = outcomes as [Outcome, Outcome, Outcome];
  console.log(`\nrequests: per-item / bulk = ${(perItem.requests / bulk.requests).toFixed(1)}x; official / bulk = ${(official.requests / bulk.requests).toFixed(1)}x`);
  console.log(`wall time: per-item / bulk = ${(perItem.wallMs / bulk.wallMs).toFixed(2)}; official / bulk = ${(official.wallMs / bulk.wallMs).toFixed(2)}`);
}

function summarise(name: string, log: SimulatorLogEntry[], created: number, wallMs: number): Outcome {
  const calls = log.filter((entry) => entry.path.includes('/items/bulk') || entry.path.endsWith('/sticky_notes'));
  const credits = calls.reduce((sum, entry) => sum + entry.credits, 0);
  // The simulator's windows are aligned to epoch multiples of windowMs.
  const perWindow = new Map<number, number>();
  for (const entry of calls) {
    const window = Math.floor(entry.time / WINDOW.windowMs);
    perWindow.set(window, (perWindow.get(window) ?? 0) + entry.credits);
  }
  const windows = [...perWindow.keys()].sort((a, b) => a - b);
  const full = windows.slice(1, -1).map((window) => (perWindow.get(window) ?? 0) / WINDOW.budget);
  const first = calls[0]?.time ?? 0;
  const last = calls.at(-1)?.time ?? first;
  const spanS = Math.max(last - first, 1) / 1000;
  return {
    name,
    requests: calls.length,
    rateLimited: calls.filter((entry) => entry.status === 429).length,
    credits,
    created,
    wallMs,
    rateUse: credits / spanS / (WINDOW.budget / (WINDOW.windowMs / 1000)),
    windowUse: full,
  };
}

function reply<T = unknown>(child: ChildProcess): Promise<T> {
  return new Promise((resolve) => child.once('message', (message) => resolve(message as T)));
}
