import { afterEach } from 'vitest';
import { lastValueFrom, toArray, type Observable } from 'rxjs';
import { startMiroSimulator, DEFAULT_SIMULATOR_TOKEN } from '../../../src/simulator/index.js';
import type { MiroSimulator, SimulatorOptions } from '../../../src/simulator/index.js';
import { MiroApi, type MiroApiOptions, type MiroInterceptor, type MiroRequest } from '../../../src/index.js';

/** `n` sticky notes whose content names their input position. */
export function stickyNotes(count: number, from = 0) {
  return Array.from({ length: count }, (_, n) => ({
    type: 'sticky_note' as const,
    data: { content: `note ${from + n}` },
    position: { x: (from + n) * 10, y: 0 },
  }));
}

/** Every value, once the Observable completes. */
export function all<T>(value$: Observable<T>): Promise<T[]> {
  return lastValueFrom(value$.pipe(toArray()));
}

/** An interceptor that records every request leaving the client (cost included). */
export function requestRecorder(): { sent: MiroRequest[]; interceptor: MiroInterceptor } {
  const sent: MiroRequest[] = [];
  return { sent, interceptor: (request, next) => (sent.push(request), next(request)) };
}

/** A simulator with one board, and a client pointed at it (never at a real host). */
export async function simulatorWithBoard(options: SimulatorOptions = {}, apiOptions: MiroApiOptions = {}) {
  const sim: MiroSimulator = await startMiroSimulator(options);
  const board = sim.state.createBoard({ name: 'Bulk tests' });
  const recorder = requestRecorder();
  const api = new MiroApi(DEFAULT_SIMULATOR_TOKEN, {
    baseUrl: sim.url,
    scimBaseUrl: `${sim.url}/scim`,
    retry: false,
    ...apiOptions,
    interceptors: [recorder.interceptor, ...(apiOptions.interceptors ?? [])],
  });
  /** Log lines of bulk calls only. */
  const bulkLog = () => sim.requestLog.filter((entry) => entry.path.endsWith('/items/bulk'));
  return { sim, board, api, sent: recorder.sent, bulkLog };
}

/** `simulatorWithBoard` for the tests of one file: each test's simulator is closed after it. */
export function simulatorPerTest(): typeof simulatorWithBoard {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });
  return async (...args) => {
    const setup = await simulatorWithBoard(...args);
    close = () => setup.sim.close();
    return setup;
  };
}
