import { parseArgs } from 'node:util';

export const USAGE = `Copies a Miro board (items, frames and children, tags, connectors), or imports a CSV file as sticky notes.

  npm run demo                                   no MIRO_ACCESS_TOKEN: runs on a local Miro simulator
  MIRO_ACCESS_TOKEN=... tsx examples/migrate-board/src/main.ts --from <board id> --to <board id>
  MIRO_ACCESS_TOKEN=... tsx examples/migrate-board/src/main.ts --csv notes.csv --to <board id>

Options:
  --from <id>        source board (or MIRO_FROM_BOARD)
  --to <id>          target board (or MIRO_TO_BOARD)
  --csv <file>       import this CSV (columns: content, optional x, y, color) instead of copying a board
  --journal <file>   resume journal (default: migrate-<from>-<to>.journal in the current directory)
  --dry-run          read everything, create nothing, leave the journal untouched
  --read-ahead <n>   pages read ahead of the writes, at most (default 2)
  --credit-budget <n> credits per minute this run may spend (default 100000, Miro's budget per user and app)
  --base-url <url>   REST API base URL (or MIRO_API_BASE_URL; default https://api.miro.com)
  --quiet            no progress bar
  --demo-items <n>   items on the demo's source board (default 2000)
  --faults           demo only: the simulator fails about 10% of the copy's requests (5xx, resets
                     before and after acting, invalid JSON, slow bodies); the copy still completes
  --help`;

export interface CliOptions {
  from?: string;
  to?: string;
  csv?: string;
  journal?: string;
  dryRun: boolean;
  readAhead: number;
  creditBudget: number;
  baseUrl?: string;
  quiet: boolean;
  demoItems: number;
  faults: boolean;
  help: boolean;
}

/** Parses the command line; throws an Error naming the bad option. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      csv: { type: 'string' },
      journal: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'read-ahead': { type: 'string' },
      'credit-budget': { type: 'string' },
      'base-url': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'demo-items': { type: 'string' },
      faults: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const positiveInteger = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(raw)}`);
    return value;
  };
  const options: CliOptions = {
    from: values.from ?? nonEmpty(env.MIRO_FROM_BOARD),
    to: values.to ?? nonEmpty(env.MIRO_TO_BOARD),
    csv: values.csv,
    journal: values.journal,
    dryRun: values['dry-run'] === true,
    readAhead: positiveInteger('read-ahead', values['read-ahead'], 2),
    creditBudget: positiveInteger('credit-budget', values['credit-budget'], 100_000),
    baseUrl: values['base-url'] ?? nonEmpty(env.MIRO_API_BASE_URL),
    quiet: values.quiet === true,
    demoItems: positiveInteger('demo-items', values['demo-items'], 2_000),
    faults: values.faults === true,
    help: values.help === true,
  };
  if (options.csv !== undefined && options.from !== undefined && values.from !== undefined)
    throw new Error('--csv and --from exclude each other: import a file or copy a board');
  if (options.baseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new Error(`--base-url must be an absolute URL, got ${JSON.stringify(options.baseUrl)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`--base-url must be http(s), got ${url.protocol}`);
  }
  return options;
}

/** The default journal name: one per source and target, safe as a file name. */
export function defaultJournalPath(from: string, to: string): string {
  const safe = (id: string) => id.replace(/[^A-Za-z0-9_-]+/g, '_');
  return `migrate-${safe(from)}-${safe(to)}.journal`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}
