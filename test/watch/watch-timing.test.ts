// The poller's timing with fake timers and a scripted reader (no HTTP): when reads start, that
// they never overlap, and what a failed read leads to.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Observable, throwError, timer, map } from 'rxjs';
import { MiroApiError } from '../../src/index.js';
import { boardPolls$, type BoardPoll } from '../../src/watch/board-poller.js';
import type { BoardItemsReader } from '../../src/watch/read-board-items.js';
import { watchSettings } from '../../src/watch/watch-board-options.js';
import type { WatchedItem } from '../../src/watch/board-change.js';

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

type Script = (read: number) => { ms: number; items?: WatchedItem[]; status?: number };

/** A reader whose n-th read answers one page after `ms`, or fails with `status`. */
function scriptedReader(script: Script) {
  const starts: number[] = [];
  let open = 0;
  let mostOpen = 0;
  const read = () =>
    new Observable<any>((subscriber) => {
      const step = script(starts.length);
      starts.push(Date.now());
      mostOpen = Math.max(mostOpen, ++open);
      const inner = (
        step.status
          ? timer(step.ms).pipe(
              map(() => {
                throw new MiroApiError('scripted', { status: step.status!, request: { operationId: 'get-items', method: 'GET', path: '/v2/boards/b/items' } });
              }),
            )
          : timer(step.ms).pipe(map(() => ({ items: step.items ?? [], position: undefined, next: undefined, index: 0, total: undefined, body: {} })))
      ).subscribe(subscriber);
      return () => {
        open--;
        inner.unsubscribe();
      };
    });
  const api = { getAllItemsPages: read, getAllItemsWithinFramePages: read } as unknown as BoardItemsReader;
  return { api, starts, mostOpen: () => mostOpen };
}

const item = (id: string, modifiedAt = 't1'): WatchedItem => ({ id, type: 'sticky_note', modifiedAt, data: {} });
const huge = () => ({ budget: 1e9, windowMs: 60_000 });

describe('board poller timing', () => {
  it('starts reads intervalMs apart, and never before the last one ended', async () => {
    const reader = scriptedReader((n) => ({ ms: n === 1 ? 2_500 : 100, items: [item('a')] }));
    const polls: BoardPoll[] = [];
    const subscription = boardPolls$(reader.api, 'b', watchSettings('b', { intervalMs: 1_000 }), huge).subscribe((poll) => polls.push(poll));
    await vi.advanceTimersByTimeAsync(5_000);
    subscription.unsubscribe();
    // 0: 100 ms; 1000: 2,500 ms (ends 3500); 3500; 4500.
    expect(reader.starts).toEqual([0, 1_000, 3_500, 4_500]);
    expect(reader.mostOpen()).toBe(1);
    expect(polls.every((poll) => poll.changes.length === 0)).toBe(true);
  });

  it('drops a failed read and reads again on the next tick, without removals', async () => {
    const reader = scriptedReader((n) => (n === 1 || n === 2 ? { ms: 50, status: 503 } : { ms: 50, items: n >= 4 ? [item('a'), item('b')] : [item('a')] }));
    const polls: BoardPoll[] = [];
    let failed: unknown;
    boardPolls$(reader.api, 'b', watchSettings('b', { intervalMs: 1_000 }), huge).subscribe({
      next: (poll) => polls.push(poll),
      error: (error) => (failed = error),
    });
    await vi.advanceTimersByTimeAsync(4_500);
    expect(failed).toBeUndefined();
    expect(reader.starts).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
    expect(polls.map((poll) => poll.changes.map((change) => `${change.kind}:${change.item.id}`))).toEqual([[], [], ['added:b']]);
  });

  it('ends at once on 404 and reads no more', async () => {
    const reader = scriptedReader((n) => (n === 1 ? { ms: 50, status: 404 } : { ms: 50, items: [item('a')] }));
    let failed: any;
    boardPolls$(reader.api, 'b', watchSettings('b', { intervalMs: 1_000 }), huge).subscribe({ error: (error) => (failed = error) });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(failed).toMatchObject({ name: 'MiroBoardWatchError', reason: 'board-gone' });
    expect(reader.starts).toEqual([0, 1_000]);
  });

  it('waits as the credit share requires for a big board', async () => {
    const pages = Array.from({ length: 200 }, (_, n) => item(`i${n}`)); // counted as one page here
    const reader = scriptedReader(() => ({ ms: 10, items: pages }));
    const budget = () => ({ budget: 400, windowMs: 60_000 }); // one 100-credit page = a quarter
    const subscription = boardPolls$(reader.api, 'b', watchSettings('b', { intervalMs: 0 }), budget).subscribe();
    await vi.advanceTimersByTimeAsync(180_000);
    subscription.unsubscribe();
    // 100 credits a read at a 100-credit share: one read per sliding minute, after its page was charged.
    expect(reader.starts).toEqual([0, 60_010, 120_020]);
  });
});

describe('a read that fails before any I/O', () => {
  it('is retried on timer ticks, never in a synchronous loop', async () => {
    let reads = 0;
    const read = () => {
      reads++;
      return throwError(() => new Error('token source failed'));
    };
    const api = { getAllItemsPages: read, getAllItemsWithinFramePages: read } as unknown as BoardItemsReader;
    const subscription = boardPolls$(api, 'b', watchSettings('b', { intervalMs: 0 }), huge).subscribe();
    expect(reads).toBe(1); // returned to the caller after one attempt
    await vi.advanceTimersByTimeAsync(10);
    subscription.unsubscribe();
    expect(reads).toBeGreaterThan(1);
    expect(reads).toBeLessThanOrEqual(11);
  });
});
