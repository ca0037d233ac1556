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

/** A from-device bulk body: `data` (JSON file) and `resources` (the files). */
function uploadForm(descriptions: unknown[], files: { name: string; bytes: number; type?: string }[]): FormData {
  const form = new FormData();
  form.append('data', new Blob([JSON.stringify(descriptions)], { type: 'application/json' }), 'data.json');
  for (const file of files) form.append('resources', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/png' }), file.name);
  return form;
}

describe('JSON bulk creation', () => {
  it('creates up to 20 items in one call, in order, charged 100 credits per item', async () => {
    const board = sim.state.createBoard();
    sim.clearLog();
    const items = Array.from({ length: 20 }, (_, index) => ({ type: 'sticky_note', data: { content: `n${index}` }, position: { x: index, y: 0 } }));
    const answer = await call('POST', `${boardPath(board.id)}/items/bulk`, items);
    expect(answer.status).toBe(201);
    expect(answer.body.type).toBe('bulk-list');
    expect(answer.body.data.map((item: { data: { content: string } }) => item.data.content)).toEqual(items.map((item) => item.data.content));
    expect(sim.requestLog[0]).toMatchObject({ operationId: 'create-items', credits: 2000, status: 201 });
  });

  it('is transactional: one invalid item and nothing is created', async () => {
    const board = sim.state.createBoard();
    const cases: unknown[][] = [
      [{ type: 'sticky_note' }, { type: 'unknown_type' }],
      [{ type: 'sticky_note' }, { type: 'image', data: {} }],
      [{ type: 'sticky_note' }, { type: 'shape', parent: { id: '123' } }],
      [{ type: 'sticky_note' }, { type: 'shape', position: { x: 'left' } }],
      Array.from({ length: 21 }, () => ({ type: 'sticky_note' })),
      [],
    ];
    for (const items of cases) {
      const answer = await call('POST', `${boardPath(board.id)}/items/bulk`, items);
      expect(answer.status, JSON.stringify(items).slice(0, 80)).toBe(400);
      expect(answer.body).toMatchObject({ status: 400, type: 'error' });
    }
    expect(sim.state.items(board.id)).toHaveLength(0);
    expect(sim.state.creditsSpent('t')).toBeGreaterThan(0);
    expect(sim.requestLog.slice(-cases.length).every((entry) => entry.credits === 0)).toBe(true);
  });
});

describe('bulk creation from device (multipart)', () => {
  it('creates one image or document per file, charged per file', async () => {
    const board = sim.state.createBoard();
    sim.clearLog();
    const form = uploadForm(
      [{ title: 'first', position: { x: 1, y: 2 } }, { type: 'document' }, {}],
      [
        { name: 'a.png', bytes: 100 },
        { name: 'b.pdf', bytes: 50, type: 'application/pdf' },
        { name: 'c.jpg', bytes: 10, type: 'image/jpeg' },
      ],
    );
    const answer = await call('POST', `${boardPath(board.id)}/items/bulk`, form);
    expect(answer.status).toBe(201);
    expect(answer.body.data.map((item: { type: string }) => item.type)).toEqual(['image', 'document', 'image']);
    expect(answer.body.data[0]).toMatchObject({ data: { title: 'first' }, position: { x: 1, y: 2 } });
    expect(answer.body.data[0].data.imageUrl).toContain('/resources/images/');
    expect(answer.body.data[1].data.documentUrl).toContain('/resources/documents/');
    expect(sim.requestLog[0]).toMatchObject({ operationId: 'create-items-in-bulk-using-file-from-device', credits: 300 });
  });

  it('refuses more than 20 files, more than 6 MB, or a data part that does not match, creating nothing', async () => {
    const board = sim.state.createBoard();
    const tooMany = Array.from({ length: 21 }, (_, index) => ({ name: `${index}.png`, bytes: 1 }));
    const manyAnswer = await call(
      'POST',
      `${boardPath(board.id)}/items/bulk`,
      uploadForm(
        tooMany.map(() => ({})),
        tooMany,
      ),
    );
    expect(manyAnswer.status).toBe(400);
    expect(manyAnswer.body.message).toContain('20');

    const big = [
      { name: 'a.png', bytes: 3 * 1024 * 1024 },
      { name: 'b.png', bytes: 3 * 1024 * 1024 + 1 },
    ];
    const bigAnswer = await call('POST', `${boardPath(board.id)}/items/bulk`, uploadForm([{}, {}], big));
    expect(bigAnswer.status).toBe(413);
    expect(bigAnswer.body.message).toContain('6 MB');

    const exactly = [
      { name: 'a.png', bytes: 3 * 1024 * 1024 },
      { name: 'b.png', bytes: 3 * 1024 * 1024 },
    ];
    const mismatch = await call('POST', `${boardPath(board.id)}/items/bulk`, uploadForm([{}], exactly));
    expect(mismatch.status).toBe(400);
    const badType = await call('POST', `${boardPath(board.id)}/items/bulk`, uploadForm([{}, { type: 'sticky_note' }], exactly));
    expect(badType.status).toBe(400);
    expect(sim.state.items(board.id)).toHaveLength(0);

    // The same 6 MB that was refused for a bad description is accepted when all is well.
    expect((await call('POST', `${boardPath(board.id)}/items/bulk`, uploadForm([{}, {}], exactly))).status).toBe(201);
    expect(sim.state.items(board.id)).toHaveLength(2);
  });

  it('creates and replaces a single image from a device file', async () => {
    const board = sim.state.createBoard();
    const form = new FormData();
    form.append('resource', new Blob([new Uint8Array(10)], { type: 'image/png' }), 'photo.png');
    form.append('data', new Blob([JSON.stringify({ title: 'Photo', position: { x: 5, y: 6 } })], { type: 'application/json' }), 'data.json');
    const created = await call('POST', `${boardPath(board.id)}/images`, form);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'image', data: { title: 'Photo' }, position: { x: 5, y: 6 } });
    expect(sim.requestLog.at(-1)?.operationId).toBe('create-image-item-using-local-file');

    const replacement = new FormData();
    replacement.append('resource', new Blob([new Uint8Array(4)], { type: 'image/png' }), 'new.png');
    const updated = await call('PATCH', `${boardPath(board.id)}/images/${created.body.id}`, replacement);
    expect(updated.status).toBe(200);
    expect(updated.body.data.title).toBe('new.png');
    expect(updated.body.data.imageUrl).not.toBe(created.body.data.imageUrl);
    expect((await call('POST', `${boardPath(board.id)}/documents`, new FormData())).status).toBe(400);
  });
});
