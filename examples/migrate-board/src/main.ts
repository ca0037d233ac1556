// The migration script: copies a board (or imports a CSV) resumably; with no token, the demo.
import { MiroApi } from '../../../src/index.js';
import { defaultJournalPath, parseCliOptions, USAGE, type CliOptions } from './cli-options.js';
import { importCsv } from './csv-import.js';
import { MigrationError } from '../../board-copy/src/explain-failure.js';
import { migrateBoard } from './migrate-board.js';
import { startProgressBar } from './progress-bar.js';
import type { RunStats } from '../../board-copy/src/run-stats.js';
import { runDemo } from './run-demo.js';
import { formatSummary } from './summary.js';

const DEFAULT_BASE_URL = 'https://api.miro.com';
const DEFAULT_SCIM_BASE_URL = 'https://miro.com/api/v1/scim';

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`migrate-board: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const token = process.env.MIRO_ACCESS_TOKEN?.trim();
  if (!token) {
    if (options.from || options.to || options.csv) {
      console.error('migrate-board: set MIRO_ACCESS_TOKEN to copy real boards (without it, the demo runs on the simulator and takes no board ids)');
      return 2;
    }
    return runDemo({ items: options.demoItems, quiet: options.quiet, readAhead: options.readAhead, dryRun: options.dryRun, faults: options.faults });
  }
  if (options.faults) {
    console.error('migrate-board: --faults is for the demo (no MIRO_ACCESS_TOKEN); real Miro brings its own');
    return 2;
  }
  if (!options.to || (!options.csv && !options.from)) {
    console.error(
      `migrate-board: name the ${!options.to ? 'target board (--to or MIRO_TO_BOARD)' : 'source board (--from or MIRO_FROM_BOARD) or a CSV file (--csv)'}\n\n${USAGE}`,
    );
    return 2;
  }
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  // Never let a test server's client fall back to real Miro for SCIM: both bases move together.
  const scimBaseUrl = options.baseUrl ? `${baseUrl.replace(/\/+$/, '')}/scim` : DEFAULT_SCIM_BASE_URL;
  const api = new MiroApi(token, { baseUrl, scimBaseUrl, rateLimit: { budget: options.creditBudget } });
  const journalPath = options.journal ?? defaultJournalPath(options.csv ? `csv-${options.csv}` : options.from!, options.to);
  let stopBar: () => void = () => undefined;
  const onStart = (stats: RunStats) => (stopBar = options.quiet ? stopBar : startProgressBar(stats, api.rateLimitState$));
  try {
    const stats = options.csv
      ? await importCsv({ api, to: options.to, csvPath: options.csv, journalPath, dryRun: options.dryRun, onStart })
      : await migrateBoard({ api, from: options.from!, to: options.to, journalPath, dryRun: options.dryRun, readAhead: options.readAhead, onStart });
    stopBar();
    console.log(`journal: ${journalPath}`);
    console.log(formatSummary(stats, { dryRun: options.dryRun }));
    return stats.failures.size > 0 ? 1 : 0;
  } catch (error) {
    stopBar();
    console.error(`migrate-board: ${error instanceof MigrationError ? error.message : ((error as Error).stack ?? String(error))}`);
    return 1;
  }
}

// Exit explicitly with the run's status, whatever handles are still open.
process.exit(await main());
