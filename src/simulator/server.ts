import { documentValidator } from './document-validator.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { operationTable } from '../generated/operations.js';
import type { MiroSimulator, SimulatorOptions } from './types.js';
import type { SimulatorContext } from './simulator-context.js';
import { OperationRouter } from './router.js';
import { createRequestHandler } from './request-handler.js';
import { simulatedOperations } from './simulated-operations.js';
import { oauthOperations } from './routes/oauth-routes.js';
import { BoardStore } from './board-store.js';
import { CreditLedger } from './credit-ledger.js';
import { FaultInjector } from './faults.js';
import { IdSource } from './id-source.js';
import { OAuthGrants } from './oauth-grants.js';
import { RequestLog } from './request-log.js';
import { ScimDirectory } from './scim-directory.js';
import { TokenStore } from './token-store.js';
import { simulatorState } from './simulator-state.js';
import { ExportJobs } from './export-jobs.js';

/** Token accepted when `tokens` is not given; it belongs to `user-1`. */
export const DEFAULT_SIMULATOR_TOKEN = 'miro-simulator-token';

/**
 * Starts a stateful, credit-limited Miro REST API on loopback.
 *
 * @example
 * ```ts
 * const miro = await startMiroSimulator({ tokens: ['test-token'] });
 * const board = miro.state.createBoard({ name: 'Demo' });
 * miro.state.addItems(board.id, 100);
 * const api = new MiroApi('test-token', { baseUrl: miro.url, scimBaseUrl: `${miro.url}/scim` });
 * // ... then
 * await miro.close();
 * ```
 */
export async function startMiroSimulator(options: SimulatorOptions = {}): Promise<MiroSimulator> {
  const now = options.now ?? Date.now;
  const ids = new IdSource(options.seed ?? 0);
  const tokens = new TokenStore(now, options.oauth?.accessTokenTtlSeconds ?? 3600);
  addStaticTokens(tokens, options.tokens ?? [DEFAULT_SIMULATOR_TOKEN]);
  const rateLimit = options.rateLimit === false ? undefined : { budget: 100_000, windowMs: 60_000, ...options.rateLimit };
  const store = new BoardStore(ids, now);
  // Built now (once per process), so that the first request does not wait for it.
  documentValidator();
  const sim: SimulatorContext = {
    store,
    tokens,
    ledger: rateLimit ? new CreditLedger(rateLimit.budget, rateLimit.windowMs, now) : undefined,
    log: new RequestLog(options.maxLogEntries),
    faults: new FaultInjector(options.faults, options.seed ?? 0),
    oauth: new OAuthGrants(options.oauth?.clients ?? [], tokens, now),
    scim: new ScimDirectory(ids, () => store.timestamp()),
    exports: new ExportJobs(store, now, options.seed ?? 0, options.exports),
    now,
    url: '',
    cors: options.cors ?? true,
    latencyMs: checkLatency(options.latencyMs ?? 0),
  };
  const router = new OperationRouter([...operationTable, ...oauthOperations]);
  const server = http.createServer({ keepAliveTimeout: 30_000 }, createRequestHandler(sim, router, simulatedOperations));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  sim.url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: sim.url,
    state: simulatorState(sim),
    get requestLog() {
      return sim.log.entries;
    },
    clearLog: () => sim.log.clear(),
    setFaults: (faults) => sim.faults.set(faults),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function addStaticTokens(tokens: TokenStore, given: NonNullable<SimulatorOptions['tokens']>): void {
  if (Array.isArray(given)) given.forEach((token, index) => tokens.addStatic(token, `user-${index + 1}`));
  else for (const [token, userId] of Object.entries(given)) tokens.addStatic(token, userId);
}

function checkLatency(latencyMs: number): number {
  if (!(latencyMs >= 0) || !Number.isFinite(latencyMs)) throw new RangeError(`latencyMs must be 0 or more, got ${latencyMs}`);
  return latencyMs;
}
