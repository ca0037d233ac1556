import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catchError, firstValueFrom, lastValueFrom, merge, of, toArray } from 'rxjs';
import { MiroApi, MiroNetworkError, type MiroError } from '../../src/index.js';
import { closeSharedCreditLimiters } from '../../src/limiter/shared-credit-limiters.js';
import { startMiroSimulator, type MiroSimulator, type SimulatorFaults } from '../../src/simulator/index.js';
import { TRANSPORTS, type TransportUnderTest } from '../support/transports.js';

let sim: MiroSimulator | undefined;
let sending: TransportUnderTest = {};
afterEach(async () => {
  await closeSharedCreditLimiters();
  await sim?.close();
  sim = undefined;
});

async function setup(token: string, faults: SimulatorFaults) {
  sim = await startMiroSimulator({ tokens: [token], seed: 7, faults });
  const board = sim.state.createBoard({ name: 'retry' });
  sim.state.addItems(board.id, 3);
  const api = new MiroApi(token, { baseUrl: sim.url, scimBaseUrl: `${sim.url}/scim`, retry: { retries: 6, minDelayMs: 1, maxDelayMs: 10 }, ...sending });
  return { sim, api, boardId: board.id };
}

// Resets before and after acting look different to each transport: each must map them alike.
describe.each(TRANSPORTS)('retries with injected faults: %s', (_name, sendingWith) => {
  beforeAll(() => {
    sending = sendingWith();
  });

  it('retries reads through 5xx and dropped connections, charging every attempt in the limiter', async () => {
    const { sim, api, boardId } = await setup('retry-reads', { serverErrorRate: 0.3, resetBeforeActingRate: 0.2, operations: ['get-specific-board'] });
    const boards = await lastValueFrom(merge(...Array.from({ length: 30 }, () => api.getSpecificBoard(boardId))).pipe(toArray()));
    expect(boards).toHaveLength(30);
    const faulted = sim.requestLog.filter((entry) => entry.fault);
    expect(faulted.length).toBeGreaterThan(5);
    const state = await firstValueFrom(api.rateLimitState$);
    expect(state.sent).toBe(sim.requestLog.length); // each retry passed the limiter
    expect(state.creditsSpent).toBe(50 * sim.requestLog.length);
  });

  it('never repeats a create whose connection dropped after Miro acted: no duplicate item', async () => {
    const { sim, api, boardId } = await setup('no-duplicates', { resetAfterActingRate: 0.5, operations: ['create-sticky-note-item'] });
    const before = sim.state.items(boardId).length;
    const outcomes = await lastValueFrom(
      merge(
        ...Array.from({ length: 20 }, (_, i) =>
          api.createStickyNoteItem(boardId, { data: { content: `note ${i}` } }).pipe(catchError((error: MiroError) => of(error))),
        ),
      ).pipe(toArray()),
    );
    const failures = outcomes.filter((o): o is MiroNetworkError => o instanceof MiroNetworkError);
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) expect(failure).toMatchObject({ sent: true, attempts: 1 });
    const contents = sim.state
      .items(boardId)
      .slice(before)
      .map((item) => (item.data as { content: string }).content);
    expect(new Set(contents).size).toBe(contents.length); // each note at most once
    expect(contents).toHaveLength(20); // Miro created every one, the failed ones too
    expect(sim.requestLog.filter((e) => e.operationId === 'create-sticky-note-item')).toHaveLength(20);
  });

  it('gives up after the retry count and reports the attempts on the error', async () => {
    const { sim, api, boardId } = await setup('give-up', { serverErrorRate: 1, operations: ['get-specific-board'] });
    const error = await firstValueFrom(api.getSpecificBoard(boardId)).catch((e: unknown) => e);
    expect(error).toMatchObject({ attempts: 7 });
    expect(sim.requestLog).toHaveLength(7);
  });

  it('retry: false makes a single attempt', async () => {
    const { sim, boardId } = await setup('no-retry', { serverErrorRate: 1, operations: ['get-specific-board'] });
    const once = new MiroApi('no-retry', { baseUrl: sim.url, scimBaseUrl: `${sim.url}/scim`, retry: false, ...sending });
    await expect(firstValueFrom(once.getSpecificBoard(boardId))).rejects.toMatchObject({ attempts: 1 });
    expect(sim.requestLog).toHaveLength(1);
  });
});
