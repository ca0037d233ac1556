/**
 * Creating 2,000 sticky notes under a scaled credit window (20,000 credits per 2 s, the same
 * budget on the simulator and in the client): miro-rx `bulkCreateItems` (100 calls of 20) against
 * one miro-rx `createStickyNoteItem` per note and against `@mirohq/miro-api` one by one (no
 * limiter: its caller must wait out each 429 itself, as done here from `X-RateLimit-Reset`).
 * Reports requests, 429s, credits charged, credits per second against the budget, the use of
 * each full window, and wall time.
 *
 * A call belongs to the window that charged it, which its answer's `X-RateLimit-Reset` names.
 * The simulator's log stamps a call when it arrives, but charges it after reading its body, so
 * a call that arrives in the last milliseconds of a window is charged in the next one; counted
 * by arrival time (as this bench did before, printed for comparison), that window looked 0.90
 * used when the server had charged its whole budget. "Full windows" are all the windows between
 * the first and the last charged one, a window in which nothing was charged counting as 0.
 *
 * The simulator runs in a child process (this file, started with `--simulator`), so that its
 * work does not share the client's event loop. A fresh simulator for each contender.
 * Run: `npm run bench bulk`. One run; ratios printed, no assertion on time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { catchError, from, lastValueFrom, mergeMap, of, tap, toArray } from 'rxjs';
import { MiroApi, type MiroInterceptor } from '../src/index.js';
import { createStickyNoteItem } from '../src/generated/operations.js';
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

/** A call the server charged: the credits, and the end of the window that charged them (epoch ms). */
interface Charge {
  credits: number;
  resetAt: number;
}

/** Records each answered miro-rx call with the window its headers name (retried 429s charge nothing). */
function recordCharges(charges: Charge[]): MiroInterceptor {
  return (request, next) =>
    next(request).pipe(
      tap((response) => {
        if (response.rateLimit) charges.push({ credits: request.creditCost, resetAt: response.rateLimit.resetAt });
      }),
    );
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
  /** Credits charged in each full window, as a share of the budget (first and last windows are partial). */
  windowUse: number[];
  /** The same, counting each call in the window it arrived in (the simulator log's time). */
  arrivalWindowUse: number[];
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

  const contenders: Record<string, (url: string, boardId: string, charges: Charge[]) => Promise<void>> = {
    'miro-rx bulkCreateItems': async (url, boardId, charges) => {
      const api = new MiroApi(TOKEN, { baseUrl: url, scimBaseUrl: `${url}/scim`, rateLimit: WINDOW, interceptors: [recordCharges(charges)] });
      const results = await lastValueFrom(api.bulkCreateItems(boardId, notes).pipe(toArray()));
      const failed = results.filter((result) => result.error);
      if (failed.length) throw new Error(`${failed.length} notes failed: ${failed[0]!.error!.message}`);
    },
    'miro-rx createStickyNoteItem x 2,000': async (url, boardId, charges) => {
      const api = new MiroApi(TOKEN, { baseUrl: url, scimBaseUrl: `${url}/scim`, rateLimit: WINDOW, interceptors: [recordCharges(charges)] });
      let failures = 0;
      await lastValueFrom(
        from(notes).pipe(
          mergeMap(({ type: _type, ...note }) => api.createStickyNoteItem(boardId, note).pipe(catchError(() => of((failures += 1)))), PER_ITEM_CONCURRENCY),
          toArray(),
        ),
      );
      if (failures) throw new Error(`${failures} notes failed`);
    },
    '@mirohq/miro-api createStickyNoteItem one by one': async (url, boardId, charges) => {
      const official = new MiroLowlevelApi(TOKEN, url);
      for (const { type: _type, ...note } of notes) {
        for (;;) {
          try {
            const { response } = await official.createStickyNoteItem(boardId, note);
            charges.push({ credits: createStickyNoteItem.creditCost, resetAt: Number(response.headers.get('x-ratelimit-reset')) * 1000 });
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
    const charges: Charge[] = [];
    const started = Date.now();
    await run(url, boardId, charges);
    const wallMs = Date.now() - started;
    child.send('report');
    const { log, items } = await reply<{ log: SimulatorLogEntry[]; items: number }>(child);
    outcomes.push(summarise(name, log, charges, items, wallMs));
    console.log(`  ${name}: done in ${(wallMs / 1000).toFixed(1)} s`);
  }
  child.send('close');

  console.log(`\n${NOTES} sticky notes, budget ${WINDOW.budget} credits per ${WINDOW.windowMs} ms (simulator and client)\n`);
  console.log(
    '| contender | requests | 429s | credits | created | wall s | budget used, full windows: mean (min..max, count) | credits/s over the run vs budget rate |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const o of outcomes) {
    const use = o.windowUse;
    const windows = use.length ? `${mean(use).toFixed(3)} (${Math.min(...use).toFixed(3)}..${Math.max(...use).toFixed(3)}, ${use.length})` : 'n/a';
    console.log(`| ${[o.name, o.requests, o.rateLimited, o.credits, o.created, (o.wallMs / 1000).toFixed(2), windows, o.rateUse.toFixed(3)].join(' | ')} |`);
  }
  // The run starts inside a window whose whole budget is still there, so credits/s over the run can pass 1.
  console.log('(credits/s over the run can exceed 1: the first window is entered part-way with its whole budget available)');
  for (const o of outcomes) {
    console.log(`full windows, in order, ${o.name}: ${o.windowUse.map((use) => use.toFixed(2)).join(' ')}`);
    console.log(
      `  counted by arrival time instead (mean ${mean(o.arrivalWindowUse).toFixed(3)}): ${o.arrivalWindowUse.map((use) => use.toFixed(2)).join(' ')}`,
    );
  }
  const [bulk, perItem, official] = outcomes as [Outcome, Outcome, Outcome];
  console.log(
    `\nrequests: per-item / bulk = ${(perItem.requests / bulk.requests).toFixed(1)}x; official / bulk = ${(official.requests / bulk.requests).toFixed(1)}x`,
  );
  console.log(`wall time: per-item / bulk = ${(perItem.wallMs / bulk.wallMs).toFixed(2)}; official / bulk = ${(official.wallMs / bulk.wallMs).toFixed(2)}`);
}

function summarise(name: string, log: SimulatorLogEntry[], charges: Charge[], created: number, wallMs: number): Outcome {
  const calls = log.filter((entry) => entry.path.includes('/items/bulk') || entry.path.endsWith('/sticky_notes'));
  const credits = calls.reduce((sum, entry) => sum + entry.credits, 0);
  const recorded = charges.reduce((sum, charge) => sum + charge.credits, 0);
  // The answers must account for every credit the server logged, or the window figures mean nothing.
  if (recorded !== credits) throw new Error(`${name}: answers account for ${recorded} credits, the server logged ${credits}`);
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
    windowUse: fullWindowUse(charges.map((charge) => ({ windowStart: charge.resetAt - WINDOW.windowMs, credits: charge.credits }))),
    arrivalWindowUse: fullWindowUse(calls.map((entry) => ({ windowStart: entry.time - (entry.time % WINDOW.windowMs), credits: entry.credits }))),
  };
}

/** Credits per window as a share of the budget, for the windows between the first and the last (both partial). */
function fullWindowUse(charges: { windowStart: number; credits: number }[]): number[] {
  const perWindow = new Map<number, number>();
  for (const { windowStart, credits } of charges) perWindow.set(windowStart, (perWindow.get(windowStart) ?? 0) + credits);
  const starts = [...perWindow.keys()].sort((a, b) => a - b);
  if (starts.length < 3) return [];
  // Every window in between counts, also one in which nothing was charged.
  const full: number[] = [];
  for (let start = starts[0]! + WINDOW.windowMs; start < starts.at(-1)!; start += WINDOW.windowMs) full.push((perWindow.get(start) ?? 0) / WINDOW.budget);
  return full;
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

function reply<T = unknown>(child: ChildProcess): Promise<T> {
  return new Promise((resolve) => child.once('message', (message) => resolve(message as T)));
}
