/**
 * `watchBoard` is a function of `miro-rx/operations` like every other MiroApi method: given a
 * MiroClient it watches the board, and it shares its poller with `api.watchBoard` of the same
 * client.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardChange } from '../../src/index.js';
import { watchBoard } from '../../src/operations.js';
import { describeChange, until, watchedSimulator } from './watch-support.js';

let env: Awaited<ReturnType<typeof watchedSimulator>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('watchBoard from miro-rx/operations', () => {
  it('watches a board through a MiroClient, sharing one poller with api.watchBoard', async () => {
    env = await watchedSimulator();
    const { sim, api } = env;
    const board = sim.state.createBoard();
    sim.state.addItems(board.id, 3);
    const viaFunction: BoardChange[] = [];
    const viaMethod: BoardChange[] = [];
    const a = watchBoard(api.client, board.id, { intervalMs: 0 }).subscribe((change) => viaFunction.push(change));
    await until(() => viaFunction.length === 1, 'the first snapshot');
    const readsBefore = sim.requestLog.length;
    const b = api.watchBoard(board.id, { intervalMs: 0 }).subscribe((change) => viaMethod.push(change));
    // The method's subscriber gets the shared poller's last read at once, without a read of its own.
    expect(viaMethod.map(describeChange)).toEqual(['snapshot:3']);
    expect(sim.requestLog.length - readsBefore).toBeLessThanOrEqual(1);

    const [added] = sim.state.addItems(board.id, 1);
    await until(() => viaFunction.length === 2 && viaMethod.length === 2, 'the added item in both');
    expect(viaFunction.map(describeChange)).toEqual(['snapshot:3', `added:${added!.id}`]);
    expect(viaMethod.map(describeChange)).toEqual(['snapshot:3', `added:${added!.id}`]);
    a.unsubscribe();
    b.unsubscribe();
  });
});
