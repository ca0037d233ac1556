import { parseArgs } from 'node:util';
import type { SimulatorFaults, SimulatorOptions } from './types.js';

/** What the command line asks for. */
export interface CliRequest {
  options: SimulatorOptions;
  /** Items to put on each seeded board (no board is seeded when undefined and `seedBoards` is). */
  seedItems?: number;
  /** Boards to seed with `seedItems` items each (default 1 when `--seed-items` is given). */
  seedBoards?: number;
  help: boolean;
}

export const CLI_USAGE = `miro-rx-simulator: a stateful, credit-limited Miro REST API on loopback

Options:
  --port N             port to listen on (default 3000; 0 picks a free one)
  --host HOST          interface to bind (default 127.0.0.1)
  --token TOKEN        static access token to accept (repeatable; default miro-simulator-token)
  --budget N           credits per window per user (default 100000)
  --window-ms N        length of a credit window in ms (default 60000)
  --no-rate-limit      no credit budget and no X-RateLimit headers
  --seed-items N       create a board with N sticky notes and print its id
  --seed-boards N      create N such boards (default 1; 0 items each unless --seed-items)
  --seed N             seed of faults and ids
  --latency-ms N       latency added to every answer
Faults (each a share of requests from 0 to 1, drawn from --seed):
  --server-error-rate R    answer 500/502/503 instead of acting
  --reset-before-rate R    drop the connection before acting
  --reset-after-rate R     act and charge, then drop the connection unanswered
  --invalid-json-rate R    act, then answer with a body that is not JSON
  --slow-body-rate R       send the body slowly (over --slow-body-ms, default 200)
  --slow-body-ms N         how long a slow body takes
  --fault-latency-ms N     extra latency on the operations faults apply to
  --fault-operations IDS   comma-separated operationIds the faults apply to (default all)
  --client-id ID --client-secret SECRET --redirect-uri URI
                       register an OAuth app for /oauth/authorize and /v1/oauth/token
  --help               show this text`;

/** Parses `process.argv.slice(2)`; throws a message naming the bad option. */
export function parseCliArgs(argv: readonly string[]): CliRequest {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string', multiple: true },
      budget: { type: 'string' },
      'window-ms': { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
      'seed-items': { type: 'string' },
      seed: { type: 'string' },
      'latency-ms': { type: 'string' },
      'seed-boards': { type: 'string' },
      'server-error-rate': { type: 'string' },
      'reset-before-rate': { type: 'string' },
      'reset-after-rate': { type: 'string' },
      'invalid-json-rate': { type: 'string' },
      'slow-body-rate': { type: 'string' },
      'slow-body-ms': { type: 'string' },
      'fault-latency-ms': { type: 'string' },
      'fault-operations': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'redirect-uri': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const options: SimulatorOptions = { port: integer(values.port, 'port', 3000), host: values.host ?? '127.0.0.1' };
  if (values.token) options.tokens = values.token;
  if (values['no-rate-limit']) options.rateLimit = false;
  else options.rateLimit = { budget: integer(values.budget, 'budget', 100_000, 1), windowMs: integer(values['window-ms'], 'window-ms', 60_000, 1) };
  if (values.seed !== undefined) options.seed = integer(values.seed, 'seed', 0);
  if (values['latency-ms'] !== undefined) options.latencyMs = integer(values['latency-ms'], 'latency-ms', 0);
  const oauth = [values['client-id'], values['client-secret'], values['redirect-uri']];
  if (oauth.some((value) => value !== undefined)) {
    if (oauth.some((value) => value === undefined)) throw new Error('--client-id, --client-secret and --redirect-uri go together');
    options.oauth = { clients: [{ clientId: oauth[0]!, clientSecret: oauth[1]!, redirectUri: oauth[2]! }] };
  }
  const faults = cliFaults(values);
  if (faults) options.faults = faults;
  const request: CliRequest = { options, help: values.help ?? false };
  if (values['seed-items'] !== undefined) request.seedItems = integer(values['seed-items'], 'seed-items', 0);
  if (values['seed-boards'] !== undefined) request.seedBoards = integer(values['seed-boards'], 'seed-boards', 0);
  return request;
}

const FAULT_RATES = {
  'server-error-rate': 'serverErrorRate',
  'reset-before-rate': 'resetBeforeActingRate',
  'reset-after-rate': 'resetAfterActingRate',
  'invalid-json-rate': 'invalidJsonRate',
  'slow-body-rate': 'slowBodyRate',
} as const;

/** The fault options, as `startMiroSimulator`'s `faults`; undefined when none is given. */
function cliFaults(values: Record<string, string | boolean | string[] | undefined>): SimulatorFaults | undefined {
  const faults: SimulatorFaults = {};
  for (const [flag, key] of Object.entries(FAULT_RATES)) {
    const raw = values[flag];
    if (typeof raw === 'string') faults[key] = rate(raw, flag);
  }
  if (typeof values['slow-body-ms'] === 'string') faults.slowBodyMs = integer(values['slow-body-ms'], 'slow-body-ms', 0);
  const listed = values['fault-operations'];
  const operations = typeof listed === 'string' ? operationIds(listed) : undefined;
  if (operations?.length === 0) throw new Error('--fault-operations needs at least one operationId');
  if (typeof values['fault-latency-ms'] === 'string') {
    faults.latency = { ms: integer(values['fault-latency-ms'], 'fault-latency-ms', 0), ...(operations ? { operations } : {}) };
  }
  if (operations) faults.operations = operations;
  return Object.keys(faults).length ? faults : undefined;
}

function operationIds(list: string): string[] {
  return list
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

function rate(raw: string, name: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !(value >= 0 && value <= 1)) throw new Error(`--${name} must be a number from 0 to 1, got ${JSON.stringify(raw)}`);
  return value;
}

/** One line for a simulator that could not start: no stack, and what to do about it. */
export function startFailureMessage(error: unknown, options: SimulatorOptions): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const where = `${options.host ?? '127.0.0.1'}:${options.port ?? 0}`;
  const otherPort = 'pick another port with --port (0 picks a free one)';
  if (code === 'EADDRINUSE') return `miro-rx-simulator: ${where} is already in use; stop what listens there or ${otherPort}`;
  if (code === 'EACCES') return `miro-rx-simulator: not allowed to listen on ${where}; pick a port above 1023 with --port`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `miro-rx-simulator: cannot listen on ${where}: no such local address (--host)`;
  return `miro-rx-simulator: could not start: ${typeof message === 'string' ? message : String(error)}`;
}

function integer(raw: string | undefined, name: string, fallback: number, min = 0): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer of at least ${min}, got ${JSON.stringify(raw)}`);
  return value;
}
