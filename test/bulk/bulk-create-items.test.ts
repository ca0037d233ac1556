import { describe, expect, it, vi } from 'vitest';
import { ReplaySubject, Subject, concat, from, isObservable, switchMap, take, tap, throwError } from 'rxjs';
import {
  MiroApiError,
  MiroCreditBudgetError,
  MiroNetworkError,
  MiroValidationError,
  bulkCreateItems,
  type BulkItem,
  type BulkProgress,
  type MiroInterceptor,
} from '../../src/index.js';
import { all, simulatorPerTest, stickyNotes } from './support/bulk-fixtures.js';

const setUp = simulatorPerTest();

describe('bulkCreateItems on the simulator', () => {
  it('sends 45 items as calls of 20, 20 and 5, charged 4,500 credits, results in input order', async () => {
    const { api, board, sim, sent, bulkLog } = await setUp();
    const results = await all(api.bulkCreateItems(board.id, stickyNotes(45)));

    expect(results.map((result) => result.index)).toEqual([...Array(45).keys()]);
    expect(results.every((result) => result.error === undefined)).toBe(true);
    // Each result is Miro's answer for its own input.
    expect(results.map((result) => (result.item!.data as { content?: string }).content)).toEqual(stickyNotes(45).map((note) => note.data.content));
    expect(sent.map((request) => [request.itemCount, request.creditCost])).toEqual([
      [20, 2000],
      [20, 2000],
      [5, 500],
    ]);
    expect(bulkLog().map((entry) => [entry.operationId, entry.status, entry.credits])).toEqual([
      ['create-items', 201, 2000],
      ['create-items', 201, 2000],
      ['create-items', 201, 500],
    ]);
    expect(bulkLog().reduce((sum, entry) => sum + entry.credits, 0)).toBe(4500);
    expect(
      sim.state
        .items(board.id)
        .map((item) => item.id)
        .sort(),
    ).toEqual(results.map((result) => result.item!.id).sort());
  });

  it('keeps input order when a later batch is answered first', async () => {
    // Holds the first call back until the other two have been answered.
    const release$ = new ReplaySubject<void>(1);
    const answeredBatches: number[] = [];
    let calls = 0;
    const holdFirst: MiroInterceptor = (request, next) => {
      const call = calls++;
      const answer$ = next(request).pipe(
        tap({
          complete: () => {
            answeredBatches.push(call);
            if (answeredBatches.length === 2) release$.next();
          },
        }),
      );
      return call === 0
        ? release$.pipe(
            take(1),
            switchMap(() => answer$),
          )
        : answer$;
    };
    const { api, board } = await setUp({}, { interceptors: [holdFirst] });
    const results = await all(api.bulkCreateItems(board.id, stickyNotes(45), { concurrency: 3 }));

    expect(answeredBatches).toEqual([1, 2, 0]);
    expect(results.map((result) => result.index)).toEqual([...Array(45).keys()]);
  });

  it('reports an input refused by the schema alone and creates the others', async () => {
    const { api, board, bulkLog } = await setUp();
    const items: BulkItem[] = stickyNotes(3);
    items.splice(1, 0, { type: 'sticky_note', data: { content: 'x' }, position: { x: 'left' } } as unknown as BulkItem);
    const results = await all(api.bulkCreateItems(board.id, items));

    expect(results.map((result) => result.index)).toEqual([0, 1, 2, 3]);
    expect(results[1]!.error).toBeInstanceOf(MiroValidationError);
    expect(results[1]!.error!.message).toContain('items[1].position.x');
    expect(results.filter((result) => result.item).length).toBe(3);
    expect(bulkLog().map((entry) => entry.credits)).toEqual([300]);
  });

  it('is cold, and unsubscribing sends no further batches', async () => {
    const { api, board, sent, bulkLog } = await setUp();
    const run$ = api.bulkCreateItems(board.id, stickyNotes(100), { concurrency: 1 });
    expect(isObservable(run$)).toBe(true);
    expect(sent).toHaveLength(0);

    const firstBatch = await all(run$.pipe(take(20)));
    expect(firstBatch.map((result) => result.index)).toEqual([...Array(20).keys()]);
    expect(sent).toHaveLength(1);
    expect(bulkLog()).toHaveLength(1);
  });

  it('stops on unsubscribe while a call is in flight, and completes the progress observer', async () => {
    const { api, board, sent, bulkLog } = await setUp({ faults: { latency: { ms: 10_000, operations: ['create-items'] } } });
    const reports: BulkProgress[] = [];
    let progressCompleted = false;
    const subscription = api
      .bulkCreateItems(board.id, stickyNotes(60), { concurrency: 1, progress: { next: (p) => reports.push(p), complete: () => (progressCompleted = true) } })
      .subscribe();
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(reports.at(-1)).toMatchObject({ requests: 1, inFlight: 20, created: 0 });

    // The transport aborts the HTTP exchange on teardown (see test/http/cancellation.test.ts).
    subscription.unsubscribe();
    expect(progressCompleted).toBe(true);
    expect(reports.at(-1)!.done).toBe(false);
    // Nothing answered, nothing more sent.
    expect(sent).toHaveLength(1);
    expect(bulkLog().filter((entry) => entry.status === 201)).toHaveLength(0);
  });

  it('accepts any ObservableInput, and a failing source still gets what it gave created, then its error', async () => {
    const { api, board, sim } = await setUp();
    async function* generated() {
      yield* stickyNotes(3);
    }
    expect((await all(api.bulkCreateItems(board.id, generated()))).map((result) => result.index)).toEqual([0, 1, 2]);

    const failing$ = concat(
      from(stickyNotes(2, 3)),
      throwError(() => new Error('source broke')),
    );
    const seen: number[] = [];
    const outcome = await new Promise<unknown>((resolve) =>
      bulkCreateItems(api, board.id, failing$).subscribe({
        next: (result) => seen.push(result.index),
        error: resolve,
        complete: () => resolve('completed'),
      }),
    );
    expect((outcome as Error).message).toBe('source broke');
    expect(seen).toEqual([0, 1]);
    expect(sim.state.items(board.id)).toHaveLength(5);
  });

  it('refuses bad arguments with a clear error, before reading anything', async () => {
    const { api, board, sent } = await setUp();
    await expect(all(api.bulkCreateItems('', stickyNotes(1)))).rejects.toThrow(/boardId must be a non-empty string/);
    await expect(all(api.bulkCreateItems(board.id, stickyNotes(1), { batchSize: 21 }))).rejects.toThrow(/batchSize must be an integer from 1 to 20, got 21/);
    await expect(all(api.bulkCreateItems(board.id, stickyNotes(1), { concurrency: 0 }))).rejects.toThrow(/concurrency must be a positive integer/);
    expect(sent).toHaveLength(0);
  });

  it('sends smaller calls with batchSize', async () => {
    const { api, board, bulkLog } = await setUp();
    await all(api.bulkCreateItems(board.id, stickyNotes(31), { batchSize: 15 }));
    expect(bulkLog().map((entry) => entry.credits)).toEqual([1500, 1500, 100]);
  });

  it('reports progress until done', async () => {
    const { api, board } = await setUp();
    const progress$ = new Subject<BulkProgress>();
    const reports: BulkProgress[] = [];
    let completed = false;
    progress$.subscribe({ next: (report) => reports.push(report), complete: () => (completed = true) });
    await all(api.bulkCreateItems(board.id, stickyNotes(45), { progress: progress$ }));

    const last = reports.at(-1)!;
    expect(last).toEqual({
      received: 45,
      total: 45,
      created: 45,
      failed: 0,
      requests: 3,
      requestsInFlight: 0,
      itemsInFlight: 0,
      credits: 4500,
      inFlight: 0,
      done: true,
    });
    expect(completed).toBe(true);
    expect(reports.some((report) => report.itemsInFlight > 0)).toBe(true);
  });
});

describe('under a credit budget below one full batch', () => {
  const window = { budget: 1500, windowMs: 2000 };

  it('fails a batch of 20 (2,000 credits) at once instead of hanging, and sends nothing', async () => {
    const { api, board, bulkLog } = await setUp({ rateLimit: window }, { rateLimit: window });
    const results = await all(api.bulkCreateItems(board.id, stickyNotes(20)));

    expect(results).toHaveLength(20);
    expect(results.every((result) => result.error instanceof MiroCreditBudgetError)).toBe(true);
    expect(results[0]!.error!.message).toMatch(/needs 2000 credits but at most 1500/);
    expect(bulkLog()).toHaveLength(0);
  });

  it('fits the budget with a smaller batchSize', async () => {
    const { api, board, bulkLog } = await setUp({ rateLimit: window }, { rateLimit: window });
    const results = await all(api.bulkCreateItems(board.id, stickyNotes(15), { batchSize: 5 }));

    expect(results.every((result) => result.item)).toBe(true);
    expect(bulkLog().map((entry) => [entry.status, entry.credits])).toEqual([
      [201, 500],
      [201, 500],
      [201, 500],
    ]);
  });
});

describe('failures that may have acted are reported, not retried blindly', () => {
  it('a call whose answer was lost after Miro acted: inputs reported with the network error, one request only', async () => {
    const faults = { resetAfterActingRate: 1, operations: ['create-items'] };
    const { api, board, sim, bulkLog } = await setUp({ faults }, { retry: { retries: 3, minDelayMs: 1 } });
    const results = await all(api.bulkCreateItems(board.id, stickyNotes(20)));

    expect(results.map((result) => result.index)).toEqual([...Array(20).keys()]);
    expect(results.every((result) => result.error instanceof MiroNetworkError && result.error.sent)).toBe(true);
    expect(bulkLog()).toHaveLength(1);
    // Miro did create them: a blind retry would have made 40.
    expect(sim.state.items(board.id)).toHaveLength(20);
  });

  it('a 5xx on a bulk POST is reported with its inputs, not sent again', async () => {
    const faults = { serverErrorRate: 1, operations: ['create-items'] };
    const { api, board, bulkLog } = await setUp({ faults }, { retry: { retries: 3, minDelayMs: 1 } });
    const results = await all(api.bulkCreateItems(board.id, stickyNotes(5), { bisect: true }));

    expect(results.every((result) => result.error instanceof MiroApiError && result.error.status >= 500)).toBe(true);
    // Bisection is for content refusals (400, 413), not for server errors.
    expect(bulkLog()).toHaveLength(1);
  });
});

describe('transactional failure of one bad item', () => {
  // A parent that is not a frame passes the client's checks; Miro refuses the whole call.
  const withOneBadItem = () => {
    const items: BulkItem[] = stickyNotes(20);
    items[13] = { ...items[13]!, parent: { id: '3074457000000000000' } } as BulkItem;
    return items;
  };

  it('without bisection, reports all 20 inputs failed with the 400 and creates nothing', async () => {
    const { api, board, sim, bulkLog } = await setUp();
    const results = await all(api.bulkCreateItems(board.id, withOneBadItem()));

    expect(results).toHaveLength(20);
    expect(results.every((result) => result.error instanceof MiroApiError && result.error.status === 400)).toBe(true);
    expect(results.map((result) => result.input)).toEqual(withOneBadItem());
    expect(bulkLog()).toHaveLength(1);
    expect(sim.state.items(board.id)).toHaveLength(0);
  });

  it('with bisection, reports the bad item alone and creates the 19 others', async () => {
    const { api, board, sim, bulkLog } = await setUp();
    const results = await all(api.bulkCreateItems(board.id, withOneBadItem(), { bisect: true }));

    expect(results.map((result) => result.index)).toEqual([...Array(20).keys()]);
    const failed = results.filter((result) => result.error);
    expect(failed.map((result) => result.index)).toEqual([13]);
    expect((failed[0]!.error as MiroApiError).status).toBe(400);
    expect(sim.state.items(board.id)).toHaveLength(19);
    // Depth first, halves in order: [0-19] fails; [0-9] ok; [10-19] fails; [10-14] fails; [10-12] ok;
    // [13-14] fails; [13] fails; [14] ok; [15-19] ok. Refused calls charge nothing.
    expect(bulkLog().map((entry) => [entry.status, entry.credits / 100])).toEqual([
      [400, 0],
      [201, 10],
      [400, 0],
      [400, 0],
      [201, 3],
      [400, 0],
      [400, 0],
      [201, 1],
      [201, 5],
    ]);
  });
});
