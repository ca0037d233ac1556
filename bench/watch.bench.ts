/**
 * watchBoard benchmark (one run; not a test). `npm run bench watch`.
 * A watch of a 100-item and of a 10,000-item board against the simulator, at a scaled window
 * (Miro's 100,000 credits per window, with the window shortened so that a run takes seconds),
 * with `intervalMs: 0` so that only the credit pacing holds the watch back. Reported: credits the
 * watch spent per window as a fraction of the budget, on average and in the worst sliding
 * window, against the cap (`maxBudgetShare`, default 0.25).
 */
import { MiroApi } from '../src/index.js';
import { closeSharedCreditLimiters } from '../src/limiter/shared-credit-limiters.js';
import { startMiroSimulator, type SimulatorLogEntry } from '../src/simulator/index.js';

const BUDGET = 100_000;

interface Case {
  items: number;
  windowMs: number;
  windows: number;
  share?: number;
}

function spending(log: readonly SimulatorLogEntry[], windowMs: number, from: number, to: number) {
  const reads = log.filter((entry) => entry.operationId === 'get-items' && entry.time >= from);
  const total = reads.reduce((sum, entry) => sum + entry.credits, 0);
  let worst = 0;
  for (const start of reads) {
    if (start.time + windowMs > to) break;
    const inWindow = reads.filter((entry) => entry.time >= start.time && entry.time < start.time + windowMs);
    worst = Math.max(
      worst,
      inWindow.reduce((sum, entry) => sum + entry.credits, 0),
    );
  }
  return { average: total / ((to - from) / windowMs) / BUDGET, worst: worst / BUDGET, pages: reads.length };
}

async function run({ items, windowMs, windows, share }: Case): Promise<boolean> {
  const sim = await startMiroSimulator({ tokens: ['bench'], rateLimit: { budget: BUDGET, windowMs } });
  const board = sim.state.createBoard();
  sim.state.addItems(board.id, items);
  const api = new MiroApi('bench', { baseUrl: sim.url, rateLimit: { budget: BUDGET, windowMs } });
  let changes = 0;
  const started = Date.now();
  const watch = api.watchBoard(board.id, { intervalMs: 0, ...(share ? { maxBudgetShare: share } : {}) }).subscribe(() => changes++);
  await new Promise((resolve) => setTimeout(resolve, windows * windowMs));
  const ended = Date.now();
  watch.unsubscribe();
  const cap = share ?? 0.25;
  const { average, worst, pages } = spending(sim.requestLog, windowMs, started, ended);
  const ok = worst <= cap + 1e-9;
  console.log(
    `${String(items).padStart(6)} items, window ${windowMs} ms x ${windows}, cap ${cap}: ${pages} pages read, ` +
      `average ${average.toFixed(3)} of the budget per window, worst sliding window ${worst.toFixed(3)} ${ok ? '(under the cap)' : '(OVER THE CAP)'}`,
  );
  await sim.close();
  await closeSharedCreditLimiters();
  return ok;
}

const cases: Case[] = [
  { items: 100, windowMs: 1_000, windows: 8 },
  { items: 100, windowMs: 1_000, windows: 8, share: 0.05 },
  { items: 10_000, windowMs: 5_000, windows: 5 },
];
let allOk = true;
for (const entry of cases) allOk = (await run(entry)) && allOk;
if (!allOk) process.exit(1);
