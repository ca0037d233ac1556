import { parseArgs } from 'node:util';
import type { SimulatorOptions } from './types.js';

/** What the command line asks for. */
export interface CliRequest {
  options: SimulatorOptions;
  /** Items to put on a seeded board (none when undefined). */
  seedItems?: number;
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
  --seed N             seed of faults and ids
  --latency-ms N       latency added to every answer
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
  const request: CliRequest = { options, help: values.help ?? false };
  if (values['seed-items'] !== undefined) request.seedItems = integer(values['seed-items'], 'seed-items', 0);
  return request;
}

function integer(raw: string | undefined, name: string, fallback: number, min = 0): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer of at least ${min}, got ${JSON.stringify(raw)}`);
  return value;
}
