import { lastValueFrom, toArray, type Observable } from 'rxjs';
import { MiroApi, type BoardExportEvent, type ExportBoardEvent, type MiroApiOptions } from '../../src/index.js';
import { startMiroSimulator, type MiroSimulator, type SimulatorOptions } from '../../src/simulator/index.js';

/** Export options at test speed: polls every 10 ms from the start, a window of one second. */
export const FAST = { pollIntervalMs: 10, maxPollIntervalMs: 40, windowMs: 1_000, maxBudgetShare: 1 } as const;

let tokens = 0;

/** A simulator whose jobs run in milliseconds, one organisation of `boards` boards, and an API on it. */
export async function exportSetup(boards: number, options: SimulatorOptions = {}, apiOptions: MiroApiOptions = {}) {
  const token = `export-token-${++tokens}`;
  const sim: MiroSimulator = await startMiroSimulator({
    tokens: [token],
    rateLimit: { budget: 10_000_000, windowMs: 60_000 },
    exports: { startDelayMs: 5, taskMs: 0.05 },
    ...options,
  });
  const org = sim.state.createOrganization({ boards });
  const api = new MiroApi(token, { baseUrl: sim.url, retry: { minDelayMs: 5, maxDelayMs: 20 }, ...apiOptions });
  return { sim, org, api, token };
}

export function collect(events$: Observable<BoardExportEvent>): Promise<BoardExportEvent[]> {
  return lastValueFrom(events$.pipe(toArray()));
}

export function boardEvents(events: readonly BoardExportEvent[]): ExportBoardEvent[] {
  return events.filter((event): event is ExportBoardEvent => event.type === 'board');
}

/** Requests of one export operation in the simulator's log. */
export function logOf(sim: MiroSimulator, operationId: string) {
  return sim.requestLog.filter((entry) => entry.operationId === operationId);
}
