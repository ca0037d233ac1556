import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MiroApi } from '../../../src/index.js';
import { startMiroSimulator, type SimulatorFaults } from '../../../src/simulator/index.js';
import { seedDemoBoard } from './demo-board.js';
import { migrateBoard } from './migrate-board.js';
import { startProgressBar } from './progress-bar.js';
import { formatSummary } from './summary.js';
import { verifyCopy } from './verify-copy.js';

const DEMO_TOKEN = 'demo-migration-token';
const SEED_TOKEN = 'demo-seed-token';
/**
 * Miro's budget (100,000 credits) on a 5-second window instead of a minute: the copy spends
 * and waits like a real one, 12 times faster. 2,000 items cost 200,000 credits in bulk calls.
 */
const DEMO_WINDOW_MS = 5_000;
/** `--faults`: about one request in ten fails, in every way the simulator knows, on every call. */
export const DEMO_FAULTS: SimulatorFaults = {
  resetBeforeActingRate: 0.02,
  serverErrorRate: 0.03,
  resetAfterActingRate: 0.025,
  invalidJsonRate: 0.025,
  slowBodyRate: 0.05,
  slowBodyMs: 300,
};

/**
 * The demo: starts the simulator, seeds a source board, copies it to a new board with a
 * progress bar, verifies the copy through the API and prints both. Returns the exit code.
 */
export async function runDemo(options: { items: number; quiet: boolean; readAhead: number; dryRun: boolean; faults?: boolean }): Promise<number> {
  const simulator = await startMiroSimulator({
    tokens: { [DEMO_TOKEN]: 'demo-user', [SEED_TOKEN]: 'seed-user' },
    rateLimit: { budget: 100_000, windowMs: DEMO_WINDOW_MS },
  });
  const target = { baseUrl: simulator.url, scimBaseUrl: `${simulator.url}/scim` };
  const journalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'miro-migrate-demo-'));
  try {
    console.log(`Miro simulator at ${simulator.url}; seeding a source board with ${options.items} items...`);
    // Seeding and checking spend their own user's budget (about 60,000 credits): no planning needed.
    const seeder = new MiroApi(SEED_TOKEN, { ...target, rateLimit: false });
    const source = await seedDemoBoard(simulator, seeder, options.items);
    const copy = simulator.state.createBoard({ name: 'Workshop (copy)' });
    console.log(
      `Source ${source.boardId}: ${source.items} items, ${source.tags} tags attached ${source.attachments} times, ${source.connectors} connectors. Copying to ${copy.id}.`,
    );
    const api = new MiroApi(DEMO_TOKEN, { ...target, rateLimit: { windowMs: DEMO_WINDOW_MS } });
    const journalPath = path.join(journalDir, 'demo.journal');
    let stopBar: () => void = () => undefined;
    if (options.faults) {
      simulator.setFaults(DEMO_FAULTS);
      console.log('Faults on: about 10% of requests fail (5xx, resets before and after Miro acts, invalid JSON, slow bodies).');
    }
    const stats = await migrateBoard({
      api,
      from: source.boardId,
      to: copy.id,
      journalPath,
      dryRun: options.dryRun,
      readAhead: options.readAhead,
      onStart: (stats) => (stopBar = options.quiet ? stopBar : startProgressBar(stats, api.rateLimitState$, { windowMs: DEMO_WINDOW_MS })),
    }).finally(() => {
      stopBar();
      // The check below reads through its own client: it sees the board as it is, without faults.
      simulator.setFaults(undefined);
    });
    if (options.faults) console.log(`Faults injected during the copy: ${describeFaults(simulator.requestLog)}.`);
    let code = 0;
    if (!options.dryRun) {
      const report = await verifyCopy(seeder, source.boardId, copy.id, journalPath);
      console.log(
        `Verified through the API: items by type ${JSON.stringify(report.targetByType)}, ${report.attachments.target} tag links, ${report.connectors.target} connectors.`,
      );
      if (report.problems.length > 0 || stats.failures.size > 0) {
        console.error(`The copy differs from the source:\n  ${report.problems.join('\n  ')}`);
        code = 1;
      } else {
        console.log('The copy matches the source: same items by type, content, positions, parents, tags and connector ends.');
      }
    }
    // The summary comes last, so that it is what a terminal or a log ends with.
    console.log(formatSummary(stats, { dryRun: options.dryRun }));
    return code;
  } finally {
    fs.rmSync(journalDir, { recursive: true, force: true });
    await simulator.close();
  }
}

function describeFaults(log: readonly { fault?: string }[]): string {
  const counts = new Map<string, number>();
  for (const entry of log) if (entry.fault) counts.set(entry.fault, (counts.get(entry.fault) ?? 0) + 1);
  return counts.size === 0 ? 'none' : [...counts].map(([fault, count]) => `${count} ${fault}`).join(', ');
}
