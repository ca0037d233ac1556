import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { boardPath, httpClient } from './http-client.js';

let sim: MiroSimulator;
let call: ReturnType<typeof httpClient>;

beforeAll(async () => {
  sim = await startMiroSimulator({ tokens: ['t'] });
  call = httpClient(sim, 't');
});
afterAll(() => sim.close());

describe('tags', () => {
  it('creates tags, attaches and removes them, lists items by tag with offset paging', async () => {
    const board = sim.state.createBoard();
    const path = boardPath(board.id);
    const items = sim.state.addItems(board.id, 3);
    const urgent = await call('POST', `${path}/tags`, { title: 'urgent', fillColor: 'red' });
    expect(urgent.status).toBe(201);
    expect(urgent.body).toMatchObject({ type: 'tag', title: 'urgent', fillColor: 'red' });
    expect((await call('POST', `${path}/tags`, { title: 'urgent' })).status).toBe(400);
    expect((await call('POST', `${path}/tags`, { fillColor: 'red' })).status).toBe(400);
    await call('POST', `${path}/tags`, { title: 'later' });

    const tags = await call('GET', `${path}/tags?limit=1`);
    expect(tags.body).toMatchObject({ total: 2, size: 1, offset: 0, limit: 1 });

    for (const item of items.slice(0, 2)) {
      expect((await call('POST', `${path}/items/${item.id}?tag_id=${urgent.body.id}`)).status).toBe(204);
    }
    const tagged = await call('GET', `${path}/items?tag_id=${urgent.body.id}`);
    expect(tagged.body).toMatchObject({ total: 2, size: 2, offset: 0 });
    expect((await call('GET', `${path}/items/${items[0]!.id}/tags`)).body.tags.map((tag: { title: string }) => tag.title)).toEqual(['urgent']);

    // DELETE with tag_id removes the tag, not the item.
    expect((await call('DELETE', `${path}/items/${items[0]!.id}?tag_id=${urgent.body.id}`)).status).toBe(204);
    expect(sim.state.items(board.id)).toHaveLength(3);
    expect((await call('GET', `${path}/items?tag_id=${urgent.body.id}`)).body.total).toBe(1);
    expect(sim.requestLog.at(-2)?.operationId).toBe('remove-tag-from-item');

    expect((await call('PATCH', `${path}/tags/${urgent.body.id}`, { title: 'now' })).body.title).toBe('now');
    expect((await call('DELETE', `${path}/tags/${urgent.body.id}`)).status).toBe(204);
    expect((await call('GET', `${path}/tags/${urgent.body.id}`)).status).toBe(404);
  });
});

describe('connectors', () => {
  it('connects two items, pages connectors by cursor and drops them with their items', async () => {
    const board = sim.state.createBoard();
    const path = boardPath(board.id);
    const [a, b] = sim.state.addItems(board.id, 2);
    for (let index = 0; index < 12; index++) {
      const created = await call('POST', `${path}/connectors`, { startItem: { id: a!.id }, endItem: { id: b!.id }, shape: 'straight' });
      // The document answers a new connector with 200 (items answer 201).
      expect(created.status).toBe(200);
    }
    expect((await call('POST', `${path}/connectors`, { startItem: { id: a!.id }, endItem: { id: '404' } })).status).toBe(400);
    const first = await call('GET', `${path}/connectors?limit=10`);
    expect(first.body).toMatchObject({ size: 10, limit: 10 });
    expect(first.body.data[0]).toMatchObject({ type: 'connector', shape: 'straight', startItem: { id: a!.id }, endItem: { id: b!.id } });
    const second = await call('GET', `${path}/connectors?limit=10&cursor=${encodeURIComponent(first.body.cursor)}`);
    expect(second.body.size).toBe(2);
    expect(second.body.cursor).toBeUndefined();

    const id = first.body.data[0].id;
    expect((await call('PATCH', `${path}/connectors/${id}`, { shape: 'elbowed' })).body.shape).toBe('elbowed');
    expect((await call('DELETE', `${path}/connectors/${id}`)).status).toBe(204);
    expect((await call('GET', `${path}/connectors/${id}`)).status).toBe(404);
    await call('DELETE', `${path}/items/${a!.id}`);
    expect((await call('GET', `${path}/connectors`)).body.total).toBe(0);
  });
});

describe('groups', () => {
  it('groups items (Miro live shape), lists groups and ungroups or deletes with items', async () => {
    const board = sim.state.createBoard();
    const path = boardPath(board.id);
    const [a, b, c, d] = sim.state.addItems(board.id, 4);
    const group = await call('POST', `${path}/groups`, { data: { items: [a!.id, b!.id] } });
    expect(group.status).toBe(201);
    expect(group.body).toMatchObject({ type: 'group', data: { items: [a!.id, b!.id] } });
    expect((await call('POST', `${path}/groups`, { data: { items: [a!.id, c!.id] } })).status).toBe(400);
    expect((await call('POST', `${path}/groups`, { data: { items: [c!.id] } })).status).toBe(400);
    const other = await call('POST', `${path}/groups`, { data: { items: [c!.id, d!.id] } });

    const listed = await call('GET', `${path}/groups`);
    expect(listed.body).toMatchObject({ size: 2, limit: 10 });
    expect(listed.body).not.toHaveProperty('total');
    const members = await call('GET', `${path}/groups/items?group_item_id=${group.body.id}`);
    expect(members.body.data.data.map((item: { id: string }) => item.id)).toEqual([a!.id, b!.id]);

    expect((await call('DELETE', `${path}/groups/${group.body.id}`)).status).toBe(204);
    expect(sim.requestLog.at(-1)?.operationId).toBe('unGroup');
    expect(sim.state.items(board.id)).toHaveLength(4);
    expect((await call('DELETE', `${path}/groups/${other.body.id}?delete_items=true`)).status).toBe(204);
    expect(sim.requestLog.at(-1)?.operationId).toBe('deleteGroup');
    expect(sim.state.items(board.id).map((item) => item.id)).toEqual([a!.id, b!.id]);
  });
});

describe('board members', () => {
  it('shares a board by email, lists members with offset paging, changes roles and removes members', async () => {
    const board = sim.state.createBoard();
    const path = boardPath(board.id);
    const shared = await call('POST', `${path}/members`, { emails: ['ann@example.com', 'bob@example.com', 'not-an-email'], role: 'editor' });
    expect(shared.status).toBe(201);
    expect(shared.body.successful).toHaveLength(2);
    expect(shared.body.failed).toEqual([{ email: 'not-an-email', reason: expect.any(String) }]);
    const list = await call('GET', `${path}/members?limit=2`);
    expect(list.body).toMatchObject({ total: 3, size: 2, offset: 0 });
    const memberId = String(shared.body.successful[0]);
    expect((await call('PATCH', `${path}/members/${memberId}`, { role: 'viewer' })).body.role).toBe('viewer');
    expect((await call('DELETE', `${path}/members/${memberId}`)).status).toBe(204);
    expect((await call('GET', `${path}/members/${memberId}`)).status).toBe(404);
  });
});
