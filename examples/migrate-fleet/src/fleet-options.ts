import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_QUEUE } from './board-job.js';
import { type BoardRequest, parseBoardList } from './fleet-enqueue.js';

export const FLEET_USAGE = `Copies many Miro boards with a fleet of workers sharing one Redis (BullMQ jobs, Redis journals,
per-user credit budgets shared by every worker).

  npm run fleet                                   the demo: Redis, simulator, three workers, the CLI
  tsx examples/migrate-fleet/src/main.ts worker --redis <url> --tokens <file>
  tsx examples/migrate-fleet/src/main.ts copy   --redis <url> --tokens <file> (--boards <ids> | --boards-file <file> | --team <id>)

Options:
  --redis <url>        the fleet's Redis (default redis://127.0.0.1:6379, or MIRO_FLEET_REDIS)
  --tokens <file>      JSON object of user id to access token: each board is copied as its owner
  --base-url <url>     REST API base URL (default https://api.miro.com)
  --queue <name>       queue name, and prefix of the fleet's Redis keys (default ${DEFAULT_QUEUE})
  --window-ms <n>      credit window until Miro's headers tell it (default 60000; the demo scales it)
  worker:
  --concurrency <n>    boards this process copies at once (default 2)
  --lock-ms <n>        a dead worker's board is taken over once its lock (this long) runs out, at the next stalled-job check (default 30000)
  copy:
  --boards <list>      board ids, separated by commas; <id>@<user> names the owner
  --boards-file <file> the same list in a file (one board per line)
  --team <id>          every board of this team owned by a user of the tokens file
  --budget <n>         each user's credits per window, for the live view (default 100000)
  --help`;

export interface FleetOptions {
  command: 'worker' | 'copy' | 'help';
  redis: string;
  tokens?: string;
  baseUrl?: string;
  queue: string;
  windowMs?: number;
  concurrency: number;
  lockMs: number;
  boards: BoardRequest[];
  team?: string;
  budget: number;
}

/** Parses the command line; throws an Error naming what is wrong. */
export function parseFleetOptions(argv: readonly string[], env: NodeJS.ProcessEnv): FleetOptions {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === 'help') return { ...defaults(env), command: 'help' };
  if (command !== 'worker' && command !== 'copy') throw new Error(`unknown command ${JSON.stringify(command)}: expected worker or copy`);
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      redis: { type: 'string' },
      tokens: { type: 'string' },
      'base-url': { type: 'string' },
      queue: { type: 'string' },
      'window-ms': { type: 'string' },
      concurrency: { type: 'string' },
      'lock-ms': { type: 'string' },
      boards: { type: 'string' },
      'boards-file': { type: 'string' },
      team: { type: 'string' },
      budget: { type: 'string' },
    },
  });
  const options: FleetOptions = {
    ...defaults(env),
    command,
    ...(values.redis ? { redis: values.redis } : {}),
    tokens: values.tokens,
    baseUrl: values['base-url'],
    queue: values.queue ?? DEFAULT_QUEUE,
    windowMs: values['window-ms'] === undefined ? undefined : positive('window-ms', values['window-ms']),
    concurrency: values.concurrency === undefined ? 2 : positive('concurrency', values.concurrency),
    lockMs: values['lock-ms'] === undefined ? 30_000 : positive('lock-ms', values['lock-ms']),
    budget: values.budget === undefined ? 100_000 : positive('budget', values.budget),
    team: values.team,
  };
  if (!options.tokens) throw new Error('--tokens <file> is required: each board is copied with its owner’s token');
  if (/[:{}]/.test(options.queue)) throw new Error(`--queue must not hold ":", "{" or "}", got ${JSON.stringify(options.queue)}`);
  if (command === 'copy') {
    const lists = [values.boards, values['boards-file'], values.team].filter((value) => value !== undefined);
    if (lists.length !== 1) throw new Error('name the boards with exactly one of --boards, --boards-file and --team');
    if (values.boards !== undefined) options.boards = parseBoardList(values.boards);
    if (values['boards-file'] !== undefined) options.boards = parseBoardList(readFile(values['boards-file']));
    if (options.team === undefined && options.boards.length === 0) throw new Error('the board list is empty');
  }
  return options;
}

function defaults(env: NodeJS.ProcessEnv): Omit<FleetOptions, 'command'> {
  return { redis: env.MIRO_FLEET_REDIS?.trim() || 'redis://127.0.0.1:6379', queue: DEFAULT_QUEUE, concurrency: 2, lockMs: 30_000, boards: [], budget: 100_000 };
}

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

function readFile(path: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
