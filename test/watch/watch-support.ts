import { MiroApi, closeSharedCreditLimiters, type BoardChange, type MiroApiOptions } from '../../src/index.js';
import { startMiroSimulator, type MiroSimulator, type SimulatorOptions } from '../../src/simulator/index.js';

/**
 * A simulator and a client of it. The client plans a huge budget so that the watch's credit
 * share does not slow reads down: these tests wait on events, not on time.
 */
export async function watchedSimulator(options: SimulatorOptions = {}, client: MiroApiOptions = {}) {
  const sim = await startMiroSimulator({ tokens: ['watch-token'], ...options });
  const api = new MiroApi('watch-token', { baseUrl: sim.url, scimBaseUrl: `${sim.url}/scim`, retry: false, rateLimit: { budget: 10_000_000 }, ...client });
  return {
    sim,
    api,
    async close() {
      await sim.close();
      await closeSharedCreditLimiters();
    },
  };
}

/** Resolves once `condition` holds, checking on every macrotask; rejects after `limitMs`. */
export async function until(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Complete reads of the board so far (pages of get-items answered 200 that ended a list). */
export function readsAnswered(sim: MiroSimulator): number {
  return sim.requestLog.filter((entry) => entry.operationId?.startsWith('get-items') && entry.status === 200).length;
}

/** Short text per change, for comparing whole sequences. */
export function describeChange(change: BoardChange): string {
  if (change.kind === 'snapshot') return `snapshot:${change.items.length}`;
  return `${change.kind}:${change.item.id}`;
}
