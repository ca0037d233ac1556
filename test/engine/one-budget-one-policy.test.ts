import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { MiroApi, type BoardChange, type RateLimitState } from '../../src/index.js';
import { describeChange, until, watchedSimulator } from '../watch/watch-support.js';

// Policies that used to overlap: each budget has one poller per board, and reading it tells nobody.

let env: Awaited<ReturnType<typeof watchedSimulator>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('one budget, one policy', () => {
  it('shares a watchBoard poller between two clients spending the same budget', async () => {
    env = await watchedSimulator();
    const { sim, api } = env;
    const twin = new MiroApi('watch-token', { baseUrl: sim.url, retry: false, rateLimit: { budget: 10_000_000 } });
    const board = sim.state.createBoard();
    sim.state.addItems(board.id, 3);
    const first: BoardChange[] = [];
    const second: BoardChange[] = [];
    const a = api.watchBoard(board.id, { intervalMs: 0 }).subscribe((change) => first.push(change));
    await until(() => first.length === 1, 'the first snapshot');
    const b = twin.watchBoard(board.id, { intervalMs: 0 }).subscribe((change) => second.push(change));
    // The twin joins the running poller: its snapshot is the poller's last read, given at once.
    expect(second.map(describeChange)).toEqual(['snapshot:3']);
    sim.clearLog();
    sim.state.addItems(board.id, 1);
    await until(() => first.length === 2 && second.length === 2, 'the add on both');
    a.unsubscribe();
    b.unsubscribe();
    // One poller: every read of the board was a single, sequential list (never two at once).
    const reads = sim.requestLog.filter((entry) => entry.operationId === 'get-items');
    expect(reads.length).toBeGreaterThan(0);
    expect(new Set(reads.map((entry) => entry.query)).size).toBe(1);
  });

  it('reads the budget without sending a snapshot to rateLimitState$ subscribers', async () => {
    env = await watchedSimulator();
    const { sim, api } = env;
    const board = sim.state.createBoard();
    await firstValueFrom(api.getSpecificBoard(board.id));
    const seen: RateLimitState[] = [];
    const watching = api.rateLimitState$.subscribe((state) => seen.push(state));
    // A reader (as watchBoard is, before each poll) takes the state now, and it alone gets it.
    const read: RateLimitState[] = [];
    for (let i = 0; i < 10; i += 1) api.rateLimitState$.subscribe((state) => read.push(state)).unsubscribe();
    watching.unsubscribe();
    expect(read).toHaveLength(10);
    expect(seen).toHaveLength(1);
  });
});
