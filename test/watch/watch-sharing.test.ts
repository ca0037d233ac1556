import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, Observable } from 'rxjs';
import { MiroBoardWatchError, type BoardChange, type MiroInterceptor } from '../../src/index.js';
import { describeChange, until, watchedSimulator } from './watch-support.js';

let env: Awaited<ReturnType<typeof watchedSimulator>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

/** Counts attempts leaving the client, the most at once, and those torn down before their answer. */
function exchangeTracker() {
  const counts = { started: 0, settled: 0, abandoned: 0, inFlight: 0, mostInFlight: 0 };
  const interceptor: MiroInterceptor = (request, next) =>
    new Observable((subscriber) => {
      counts.started++;
      counts.mostInFlight = Math.max(counts.mostInFlight, ++counts.inFlight);
      let settled = false;
      const settle = () => {
        settled = true;
        counts.settled++;
      };
      const inner = next(request).subscribe({
        next: (response) => subscriber.next(response),
        error: (error: unknown) => (settle(), subscriber.error(error)),
        complete: () => (settle(), subscriber.complete()),
      });
      return () => {
        counts.inFlight--;
        if (!settled) counts.abandoned++;
        inner.unsubscribe();
      };
    });
  return { counts, interceptor };
}

describe('shared watches', () => {
  it('share one poller per board and filter; a late subscriber starts from a snapshot', async () => {
    const tracker = exchangeTracker();
    env = await watchedSimulator({}, { interceptors: [tracker.interceptor] });
    const { sim, api } = env;
    const board = sim.state.createBoard();
    sim.state.addItems(board.id, 5);
    const first: BoardChange[] = [];
    const second: BoardChange[] = [];
    const a = api.watchBoard(board.id, { intervalMs: 0 }).subscribe((change) => first.push(change));
    await until(() => first.length === 1, 'the first snapshot');
    const b = api.watchBoard(board.id, { intervalMs: 0 }).subscribe((change) => second.push(change));
    expect(second.map(describeChange)).toEqual(['snapshot:5']); // from the poller's last read, at once
    sim.clearLog();
    const [added] = sim.state.addItems(board.id, 1);
    await until(() => first.length === 2 && second.length === 2, 'the add on both');
    expect(first.map(describeChange)).toEqual(['snapshot:5', `added:${added!.id}`]);
    expect(second.map(describeChange)).toEqual(['snapshot:5', `added:${added!.id}`]);
    // One poller whose reads never overlap: never two requests in flight at once.
    expect(tracker.counts.mostInFlight).toBe(1);
    const other = api.watchBoard(board.id, { intervalMs: 0, types: ['card'] }).subscribe();
    await until(() => sim.requestLog.some((entry) => entry.query.includes('type=card')), 'the filtered poller');
    other.unsubscribe();
    a.unsubscribe();
    b.unsubscribe();
  });

  it('the last unsubscribe aborts the read in flight and stops polling', async () => {
    const tracker = exchangeTracker();
    env = await watchedSimulator({}, { interceptors: [tracker.interceptor] });
    const { sim, api } = env;
    const board = sim.state.createBoard();
    sim.state.addItems(board.id, 3);
    const seen: BoardChange[] = [];
    const a = api.watchBoard(board.id, { intervalMs: 0 }).subscribe((change) => seen.push(change));
    const b = api.watchBoard(board.id, { intervalMs: 0 }).subscribe();
    await until(() => seen.length === 1, 'the snapshot');
    sim.setFaults({ latency: { ms: 60_000, operations: ['get-items'] } });
    await until(() => tracker.counts.inFlight > 0, 'a read in flight');
    a.unsubscribe();
    expect(tracker.counts.abandoned).toBe(0); // b still watches
    b.unsubscribe();
    expect(tracker.counts.abandoned).toBe(1);
    const started = tracker.counts.started;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tracker.counts.started).toBe(started);
  });
});

describe('a watch that can no longer read its board', () => {
  it('ends with MiroBoardWatchError (board-gone) when the board is deleted', async () => {
    env = await watchedSimulator();
    const { sim, api } = env;
    const board = sim.state.createBoard();
    const ended = firstValueFrom(api.watchBoard(board.id, { intervalMs: 5, skipSnapshot: true }), { defaultValue: 'completed' }).catch(
      (error: unknown) => error,
    );
    await until(() => sim.requestLog.some((entry) => entry.operationId === 'get-items'), 'a first read');
    await firstValueFrom(api.deleteBoard(board.id), { defaultValue: undefined });
    const error = await ended;
    expect(error).toBeInstanceOf(MiroBoardWatchError);
    expect(error).toMatchObject({ reason: 'board-gone', boardId: board.id, cause: { status: 404 } });
  });

  it('ends with MiroBoardWatchError (access-revoked) on 401, without the token in any view', async () => {
    let token = 'watch-token';
    env = await watchedSimulator({}, {});
    const { sim } = env;
    const { MiroApi } = await import('../../src/index.js');
    const api = new MiroApi(() => token, { baseUrl: sim.url, retry: false, rateLimit: false });
    const board = sim.state.createBoard();
    const seen: BoardChange[] = [];
    const ended = new Promise<unknown>((resolve) =>
      api.watchBoard(board.id, { intervalMs: 5 }).subscribe({ next: (change) => seen.push(change), error: resolve }),
    );
    await until(() => seen.length === 1, 'the snapshot');
    token = 'revoked-secret-token';
    const error = (await ended) as MiroBoardWatchError;
    expect(error).toBeInstanceOf(MiroBoardWatchError);
    expect(error.reason).toBe('access-revoked');
    expect(error.cause.status).toBe(401);
    for (const view of [error.message, String(error), JSON.stringify(error), error.stack ?? '']) expect(view).not.toContain('revoked-secret-token');
    expect(seen.map(describeChange)).toEqual(['snapshot:0']); // no false removals on the way out
  });

  it('rejects bad options with a clear error on subscribe', async () => {
    env = await watchedSimulator();
    const { api } = env;
    await expect(firstValueFrom(api.watchBoard('b', { maxBudgetShare: 2 }))).rejects.toThrow(/maxBudgetShare must be above 0 and at most 1, got 2/);
    await expect(firstValueFrom(api.watchBoard('b', { intervalMs: Number.NaN }))).rejects.toThrow(/intervalMs/);
    await expect(firstValueFrom(api.watchBoard('', {}))).rejects.toThrow(/boardId/);
    await expect(firstValueFrom(api.watchBoard('b', { types: ['card', ''] as never }))).rejects.toThrow(/types/);
  });
});
