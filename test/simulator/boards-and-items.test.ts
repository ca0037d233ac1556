import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { boardPath, httpClient } from './http-client.js';

let sim: MiroSimulator;
let call: ReturnType<typeof httpClient>;

beforeAll(async () => {
  sim = await startMiroSimulator({ tokens: ['token-a'] });
  call = httpClient(sim, 'token-a');
});
afterAll(() => sim.close());

describe('boards', () => {
  it('creates, reads, updates, copies and deletes a board in Miro shapes', async () => {
    const created = await call('POST', '/v2/boards', { name: 'Roadmap', description: 'Q3' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'board', name: 'Roadmap', description: 'Q3', createdBy: { id: 'user-1' } });
    expect(typeof created.body.id).toBe('string');
    expect(created.body.links.self).toBe(`${sim.url}${boardPath(created.body.id)}`);

    const id = created.body.id as string;
    expect((await call('GET', boardPath(id))).body.name).toBe('Roadmap');
    expect((await call('PATCH', boardPath(id), { name: 'Roadmap 2' })).body.name).toBe('Roadmap 2');

    sim.state.addItems(id, 3);
    const copy = await call('PUT', `/v2/boards?copy_from=${encodeURIComponent(id)}`, { name: 'Copy' });
    expect(copy.status).toBe(201);
    expect(copy.body.name).toBe('Copy');
    const copiedItems = sim.state.items(copy.body.id);
    expect(copiedItems.map((item) => item.data?.content)).toEqual(['Item 1', 'Item 2', 'Item 3']);
    expect(copiedItems.map((item) => item.id)).not.toContain(sim.state.items(id)[0]!.id);

    expect((await call('DELETE', boardPath(id))).status).toBe(204);
    expect((await call('GET', boardPath(id))).status).toBe(404);
    expect(sim.state.board(id)).toBeUndefined();
  });

  it('refuses a board name longer than Miro allows, and creates nothing', async () => {
    const before = sim.state.boards().length;
    const answer = await call('POST', '/v2/boards', { name: 'x'.repeat(61) });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 400, code: 'invalidParameters', type: 'error' });
    expect(answer.body.message).toContain('body.name');
    expect(sim.state.boards()).toHaveLength(before);
  });

  it('lists boards with offset paging', async () => {
    for (let index = 0; index < 5; index++) sim.state.createBoard({ name: `Paged ${index}` });
    const first = await call('GET', '/v2/boards?query=paged&limit=2&offset=0');
    expect(first.body).toMatchObject({ total: 5, size: 2, offset: 0, limit: 2 });
    expect(first.body.data.map((board: { name: string }) => board.name)).toEqual(['Paged 0', 'Paged 1']);
    expect(first.body.links.next).toContain('offset=2');
    const last = await call('GET', '/v2/boards?query=paged&limit=2&offset=4');
    expect(last.body).toMatchObject({ total: 5, size: 1, offset: 4 });
    expect(last.body.links.next).toBeUndefined();
    expect((await call('GET', '/v2/boards?limit=51')).status).toBe(400);
  });

  it('seeds boards of several users and teams, and lists them by owner and team', async () => {
    for (const [owner, teamId] of [
      ['user-7', 'team-9'],
      ['user-8', 'team-9'],
      ['user-7', 'team-9'],
      ['user-8', 'team-3'],
    ]) {
      sim.state.createBoard({ name: `Seeded ${owner} ${teamId}`, owner, teamId });
    }
    const names = async (query: string) =>
      (await call('GET', `/v2/boards?query=seeded&${query}`)).body.data.map((board: { name: string }) => board.name).sort();
    expect(await names('owner=user-7')).toEqual(['Seeded user-7 team-9', 'Seeded user-7 team-9']);
    expect(await names('team_id=team-9&owner=user-8')).toEqual(['Seeded user-8 team-9']);
    expect(await names('team_id=team-3')).toEqual(['Seeded user-8 team-3']);
    const board = sim.state.createBoard({ name: 'Owned', owner: 'user-8' });
    expect(board).toMatchObject({ owner: { id: 'user-8' }, team: { id: 'team-1' } });
    expect(board).not.toHaveProperty('teamId');
    expect(() => sim.state.createBoard({ owner: ' ' })).toThrow(/owner must be a non-empty user id/);
  });
});

describe('items', () => {
  it('creates each item type through its own endpoint and reads it back generically', async () => {
    const board = sim.state.createBoard();
    const bodies: Record<string, unknown> = {
      sticky_notes: { data: { content: 'hi' } },
      shapes: { data: { shape: 'circle' } },
      texts: { data: { content: 'text' } },
      cards: { data: { title: 'card' } },
      app_cards: { data: { title: 'app card' } },
      images: { data: { url: 'https://example.com/a.png' } },
      documents: { data: { url: 'https://example.com/a.pdf' } },
      embeds: { data: { url: 'https://example.com/video' } },
      frames: { data: { title: 'frame' } },
      docs: { data: { contentType: 'markdown', content: '# doc' } },
    };
    for (const [segment, body] of Object.entries(bodies)) {
      const created = await call('POST', `${boardPath(board.id)}/${segment}`, body);
      expect(created.status, segment).toBe(201);
      expect(created.body.links.self).toBe(`${sim.url}${boardPath(board.id)}/${segment}/${created.body.id}`);
      const read = await call('GET', `${boardPath(board.id)}/items/${created.body.id}`);
      expect(read.body.type).toBe(created.body.type);
      expect(read.body).toHaveProperty('position');
      expect(read.body).toHaveProperty('geometry');
      expect(read.body).toHaveProperty('createdAt');
    }
    expect(sim.state.items(board.id).find((item) => item.type === 'image')?.data?.imageUrl).toBe('https://example.com/a.png');
  });

  it('refuses an item without its required data, and a typed read of another type', async () => {
    const board = sim.state.createBoard();
    expect((await call('POST', `${boardPath(board.id)}/texts`, { data: {} })).status).toBe(400);
    const [note] = sim.state.addItems(board.id, 1);
    expect((await call('GET', `${boardPath(board.id)}/shapes/${note!.id}`)).status).toBe(404);
    expect(sim.state.items(board.id)).toHaveLength(1);
  });

  it('pages get-items with cursors; the last page has no cursor', async () => {
    const board = sim.state.createBoard();
    sim.state.addItems(board.id, 25);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const answer = await call('GET', `${boardPath(board.id)}/items?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      pages += 1;
      expect(answer.body.total).toBe(25);
      expect(answer.body.limit).toBe(10);
      expect(answer.body.size).toBe(answer.body.data.length);
      seen.push(...answer.body.data.map((item: { data: { content: string } }) => item.data.content));
      cursor = answer.body.cursor;
      if (pages === 3) expect(answer.body).not.toHaveProperty('cursor');
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, index) => `Item ${index + 1}`));
  });

  it('filters by type, checks the limit range and refuses a forged cursor', async () => {
    const board = sim.state.createBoard();
    sim.state.addItems(board.id, [{ type: 'shape' }, { type: 'sticky_note' }, { type: 'shape' }]);
    const shapes = await call('GET', `${boardPath(board.id)}/items?type=shape`);
    expect(shapes.body).toMatchObject({ total: 2, size: 2, limit: 10 });
    expect((await call('GET', `${boardPath(board.id)}/items?limit=9`)).status).toBe(400);
    expect((await call('GET', `${boardPath(board.id)}/items?limit=51`)).status).toBe(400);
    expect((await call('GET', `${boardPath(board.id)}/items?cursor=bogus`)).status).toBe(400);
  });

  it('lists items within a frame, moves an item into it and deletes items', async () => {
    const board = sim.state.createBoard();
    const [frame, loose] = sim.state.addItems(board.id, [{ type: 'frame' }, { type: 'sticky_note' }]);
    sim.state.addItems(board.id, [{ type: 'text', data: { content: 'inside' }, parent: { id: frame!.id } }]);
    const within = await call('GET', `${boardPath(board.id)}/items?parent_item_id=${frame!.id}`);
    expect(within.body.data.map((item: { type: string }) => item.type)).toEqual(['text']);

    const moved = await call('PATCH', `${boardPath(board.id)}/items/${loose!.id}`, { parent: { id: frame!.id }, position: { x: 10, y: 20 } });
    expect(moved.body).toMatchObject({ parent: { id: frame!.id }, position: { x: 10, y: 20, relativeTo: 'parent_top_left' } });
    expect((await call('GET', `${boardPath(board.id)}/items?parent_item_id=${frame!.id}`)).body.total).toBe(2);

    expect((await call('PATCH', `${boardPath(board.id)}/items/${loose!.id}`, { parent: { id: loose!.id } })).status).toBe(400);
    expect((await call('DELETE', `${boardPath(board.id)}/items/${loose!.id}`)).status).toBe(204);
    expect((await call('GET', `${boardPath(board.id)}/items/${loose!.id}`)).status).toBe(404);
  });
});

describe('routing', () => {
  it('answers 501 naming an operation it does not simulate, and 404 for unknown routes', async () => {
    const unsimulated = await call('GET', '/v2/orgs/org-1/teams');
    expect(unsimulated.status).toBe(501);
    expect(unsimulated.body).toMatchObject({ status: 501, type: 'error' });
    expect(unsimulated.body.message).toContain('enterprise-get-teams');
    const unknown = await call('GET', '/v3/whatever');
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('error');
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await fetch(`${sim.url}/v2/boards`, {
      method: 'POST',
      headers: { authorization: 'Bearer token-a', 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe('invalidParameters');
  });
});
