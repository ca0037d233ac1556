import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lastValueFrom, take, toArray } from 'rxjs';
import { MiroApi, MiroApiError, MiroPaginationError } from '../../src/index.js';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';

let miro: MiroSimulator;
let api: MiroApi;

beforeAll(async () => {
  miro = await startMiroSimulator({ tokens: ['paging-token'] });
  api = new MiroApi('paging-token', { baseUrl: miro.url, scimBaseUrl: `${miro.url}/scim` });
});
afterAll(() => miro.close());
beforeEach(() => miro.clearLog());

const logOf = (operationId: string) => miro.requestLog.filter((entry) => entry.operationId === operationId);

describe('on the simulator', () => {
  it('reads 10,000 items exactly once, in order, in 200 requests', async () => {
    const board = miro.state.createBoard({ name: 'ten thousand' });
    const seeded = miro.state.addItems(board.id, 10_000);
    const items = await lastValueFrom(api.getAllItems(board.id).pipe(toArray()));
    expect(items.map((item) => item.id)).toEqual(seeded.map((item) => item.id));
    expect(new Set(items.map((item) => item.id)).size).toBe(10_000);
    const requests = logOf('get-items');
    expect(requests).toHaveLength(200);
    expect(requests.every((entry) => entry.status === 200 && new URLSearchParams(entry.query).get('limit') === '50')).toBe(true);
  });

  it('a board that does not exist fails the read with the 404 itself, naming the route once', async () => {
    const error = await lastValueFrom(api.getAllItems('wrong-board')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroApiError);
    expect(error).not.toBeInstanceOf(MiroPaginationError);
    expect(error).toMatchObject({ status: 404, operationId: 'get-items', path: '/v2/boards/wrong-board/items' });
    expect((error as Error).message.match(/\/v2\/boards\/wrong-board\/items/g)).toHaveLength(1);
  });

  it('take(5) makes one request', async () => {
    const board = miro.state.createBoard();
    miro.state.addItems(board.id, 500);
    const items = await lastValueFrom(api.getAllItems(board.id).pipe(take(5), toArray()));
    expect(items).toHaveLength(5);
    expect(logOf('get-items')).toHaveLength(1);
  });

  it('reads an empty board in one request', async () => {
    const board = miro.state.createBoard();
    expect(await lastValueFrom(api.getAllItems(board.id).pipe(toArray()))).toEqual([]);
    expect(logOf('get-items')).toHaveLength(1);
  });

  it('pages boards by offset, 50 at a time, stopping at the end of the range', async () => {
    for (let i = 0; i < 121; i++) miro.state.createBoard({ name: `offset ${i}` });
    const all = miro.state.boards();
    const boards = await lastValueFrom(api.getAllBoards().pipe(toArray()));
    expect(boards.map((board) => board.id)).toEqual(all.map((board) => board.id));
    const offsets = logOf('get-boards').map((entry) => new URLSearchParams(entry.query).get('offset'));
    expect(offsets).toEqual(Array.from({ length: Math.ceil(all.length / 50) }, (_, i) => String(i * 50)));
  });

  it('pages SCIM users by startIndex and count', async () => {
    const seeded = miro.state.addScimUsers(2_500);
    const users = await lastValueFrom(api.getAllScimUsers().pipe(toArray()));
    expect(users.map((user) => user.id)).toEqual(seeded.map((user) => user.id));
    const starts = logOf('listUsers').map((entry) => Object.fromEntries(new URLSearchParams(entry.query)));
    expect(starts).toEqual([
      { count: '1000', startIndex: '1' },
      { count: '1000', startIndex: '1001' },
      { count: '1000', startIndex: '2001' },
    ]);
  });
});
