import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, type Subscription } from 'rxjs';
import type { BoardChange } from '../../src/index.js';
import { describeChange, readsAnswered, until, watchedSimulator } from './watch-support.js';

let env: Awaited<ReturnType<typeof watchedSimulator>> | undefined;
let subscription: Subscription | undefined;
afterEach(async () => {
  subscription?.unsubscribe();
  await env?.close();
  env = undefined;
});

describe('watchBoard against the simulator', () => {
  it('reports a snapshot, then each add, update, move and removal exactly once', async () => {
    env = await watchedSimulator();
    const { sim, api } = env;
    const board = sim.state.createBoard();
    const [kept, edited] = sim.state.addItems(board.id, 60); // two pages
    const seen: BoardChange[] = [];
    subscription = api.watchBoard(board.id, { intervalMs: 10 }).subscribe((change) => seen.push(change));
    await until(() => seen.length === 1, 'the snapshot');
    expect(seen[0]).toMatchObject({ kind: 'snapshot' });
    expect((seen[0] as Extract<BoardChange, { kind: 'snapshot' }>).items).toHaveLength(60);

    const added = await firstValueFrom(api.createStickyNoteItem(board.id, { data: { content: 'new' } }));
    await until(() => seen.length === 2, 'the add');
    await firstValueFrom(api.updateStickyNoteItem(board.id, edited!.id, { data: { content: 'edited' } }));
    await until(() => seen.length === 3, 'the update');
    await firstValueFrom(api.updateItemPositionOrParent(board.id, kept!.id, { position: { x: 500, y: 700 } }));
    await until(() => seen.length === 4, 'the move');
    await firstValueFrom(api.deleteItem(board.id, added.id));
    await until(() => seen.length === 5, 'the removal');
    // Several more complete reads of an unchanged board add nothing.
    const reads = readsAnswered(sim);
    await until(() => readsAnswered(sim) >= reads + 8, 'more reads');

    expect(seen.map(describeChange)).toEqual(['snapshot:60', `added:${added.id}`, `updated:${edited!.id}`, `updated:${kept!.id}`, `removed:${added.id}`]);
    const update = seen[2] as Extract<BoardChange, { kind: 'updated' }>;
    expect((update.item.data as { content?: string }).content).toBe('edited');
    expect((update.previous.data as { content?: string }).content).not.toBe('edited');
    const move = seen[3] as Extract<BoardChange, { kind: 'updated' }>;
    expect(move.item.position).toMatchObject({ x: 500, y: 700 });
    expect(move.previous.position).not.toMatchObject({ x: 500, y: 700 });
  });

  it('reports nothing false while reads fail, and the real change once', async () => {
    env = await watchedSimulator({ seed: 7 });
    const { sim, api } = env;
    const board = sim.state.createBoard();
    sim.state.addItems(board.id, 120); // three pages: faults hit the middle of reads too
    const seen: BoardChange[] = [];
    subscription = api.watchBoard(board.id, { intervalMs: 5 }).subscribe({ next: (change) => seen.push(change), error: (error) => seen.push(error) });
    await until(() => seen.length === 1, 'the snapshot');
    sim.setFaults({ serverErrorRate: 0.2, resetBeforeActingRate: 0.1, resetAfterActingRate: 0.1, invalidJsonRate: 0.1, operations: ['get-items'] });
    const failedBefore = sim.requestLog.filter((entry) => entry.status !== 200).length;
    const reads = readsAnswered(sim);
    await until(() => readsAnswered(sim) >= reads + 30, 'reads under faults', 20_000);
    const failed = sim.requestLog.filter((entry) => entry.status !== 200).length - failedBefore;
    expect(failed).toBeGreaterThan(5); // the faults did break reads part way
    expect(seen.map(describeChange)).toEqual(['snapshot:120']);

    const [added] = sim.state.addItems(board.id, 1);
    await until(() => seen.length === 2, 'the add under faults', 20_000);
    const after = readsAnswered(sim);
    await until(() => readsAnswered(sim) >= after + 15, 'more reads under faults', 20_000);
    expect(seen.map(describeChange)).toEqual(['snapshot:120', `added:${added!.id}`]);
  });

  it('reports items moved into and out of a watched frame as added and removed', async () => {
    env = await watchedSimulator();
    const { sim, api } = env;
    const board = sim.state.createBoard();
    const frame = await firstValueFrom(api.createFrameItem(board.id, { data: { title: 'F' }, geometry: { width: 1000, height: 1000 } } as never));
    const other = await firstValueFrom(api.createFrameItem(board.id, { data: { title: 'G' }, geometry: { width: 1000, height: 1000 } } as never));
    const [note] = sim.state.addItems(board.id, 3);
    const seen: BoardChange[] = [];
    subscription = api.watchBoard(board.id, { intervalMs: 10, parentItemId: frame.id }).subscribe((change) => seen.push(change));
    await until(() => seen.length === 1, 'the snapshot');
    await firstValueFrom(api.updateItemPositionOrParent(board.id, note!.id, { parent: { id: frame.id } }));
    await until(() => seen.length === 2, 'the move into the frame');
    await firstValueFrom(api.updateItemPositionOrParent(board.id, note!.id, { parent: { id: other.id } }));
    await until(() => seen.length === 3, 'the move out of the frame');
    expect(seen.map(describeChange)).toEqual(['snapshot:0', `added:${note!.id}`, `removed:${note!.id}`]);
  });
});
