/**
 * Progress of `bulkCreateItems` counts calls and items apart, and knows `total` from the first
 * report whenever the source's length is known before it is read.
 */
import { describe, expect, it, vi } from 'vitest';
import { Subject, from } from 'rxjs';
import type { BulkProgress } from '../../src/index.js';
import { all, simulatorPerTest, stickyNotes } from './support/bulk-fixtures.js';

const setUp = simulatorPerTest();

describe('bulkCreateItems progress', () => {
  it('counts calls in flight and the items they carry separately', async () => {
    const { api, board, sent } = await setUp({ faults: { latency: { ms: 10_000, operations: ['create-items'] } } });
    const reports: BulkProgress[] = [];
    const subscription = api.bulkCreateItems(board.id, stickyNotes(45), { concurrency: 2, progress: (p) => reports.push(p) }).subscribe();
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(reports.at(-1)).toMatchObject({ requests: 2, requestsInFlight: 2, itemsInFlight: 40, created: 0 });
    subscription.unsubscribe();
  });

  it('knows the total of an array from the first report, and every call ends counted', async () => {
    const { api, board } = await setUp();
    const reports: BulkProgress[] = [];
    await all(api.bulkCreateItems(board.id, stickyNotes(45), { progress: (p) => reports.push(p) }));

    expect(reports[0]).toMatchObject({ received: 0, total: 45, requests: 0 });
    expect(reports.every((report) => report.total === 45)).toBe(true);
    expect(reports.at(-1)).toMatchObject({ created: 45, requests: 3, requestsInFlight: 0, itemsInFlight: 0, done: true });
    expect(Math.max(...reports.map((report) => report.requestsInFlight))).toBeLessThanOrEqual(3);
  });

  it('leaves the total of a stream unknown until the stream completes', async () => {
    const { api, board } = await setUp();
    const source$ = new Subject<ReturnType<typeof stickyNotes>[number]>();
    const reports: BulkProgress[] = [];
    const done = all(api.bulkCreateItems(board.id, source$, { progress: (p) => reports.push(p) }));
    for (const note of stickyNotes(25)) source$.next(note);
    await vi.waitFor(() => expect(reports.some((report) => report.created === 20)).toBe(true));
    expect(reports.every((report) => report.total === undefined)).toBe(true);
    source$.complete();
    await done;
    expect(reports.at(-1)).toMatchObject({ total: 25, created: 25, done: true });
  });

  it('counts a Set by its size, and an iterable without a length only once it is read', async () => {
    const { api, board } = await setUp();
    const setReports: BulkProgress[] = [];
    await all(api.bulkCreateItems(board.id, new Set(stickyNotes(3)), { progress: (p) => setReports.push(p) }));
    expect(setReports[0]!.total).toBe(3);

    const generated = function* () {
      yield* stickyNotes(3);
    };
    const generatorReports: BulkProgress[] = [];
    await all(api.bulkCreateItems(board.id, from(generated()), { progress: (p) => generatorReports.push(p) }));
    expect(generatorReports[0]!.total).toBeUndefined();
    expect(generatorReports.at(-1)).toMatchObject({ total: 3, done: true });
  });
});
