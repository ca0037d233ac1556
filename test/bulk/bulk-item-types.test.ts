/**
 * Bulk items are judged per `type` with the schema of that type's own create operation: what
 * `createStickyNoteItem` refuses, `createItems` and `bulkCreateItems` refuse too, before sending.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { MiroValidationError, type BulkItem } from '../../src/index.js';
import { all, simulatorWithBoard } from './support/bulk-fixtures.js';

let setup: Awaited<ReturnType<typeof simulatorWithBoard>>;
beforeAll(async () => {
  setup = await simulatorWithBoard();
});
afterAll(() => setup.sim.close());

const badColour = { type: 'sticky_note', data: { content: 'x' }, style: { fillColor: 'not_a_colour' } };
const withUrl = { type: 'sticky_note', data: { content: 'x', url: 'https://example.com/a.png' } };
const imageWithoutUrl = { type: 'image', data: { title: 'no url' } };

async function refusal(call: () => Promise<unknown>): Promise<MiroValidationError> {
  const error = await call().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MiroValidationError);
  return error as MiroValidationError;
}

describe('bulk items are checked against their own type', () => {
  it('a sticky note with a colour of another type is refused, as createStickyNoteItem refuses it', async () => {
    const single = await refusal(() => firstValueFrom(setup.api.createStickyNoteItem(setup.board.id, { style: badColour.style as never })));
    const bulk = await refusal(() => firstValueFrom(setup.api.createItems(setup.board.id, [badColour as never])));
    expect(single.issues[0]).toMatchObject({ field: 'body.style.fillColor' });
    expect(bulk.issues[0]).toMatchObject({ field: 'body.0.style.fillColor', message: single.issues[0]!.message });
  });

  it("a sticky note carrying an image's `url` is refused, naming the field", async () => {
    const bulk = await refusal(() => firstValueFrom(setup.api.createItems(setup.board.id, [withUrl as never])));
    expect(bulk.issues[0]).toMatchObject({ field: 'body.0.data.url', message: expect.stringContaining('not a field of a sticky_note') });
  });

  it('an image without its url is refused', async () => {
    const bulk = await refusal(() => firstValueFrom(setup.api.createItems(setup.board.id, [imageWithoutUrl as never])));
    expect(bulk.issues[0]?.field).toBe('body.0.data.url');
  });

  it('bulkCreateItems reports each such item as failed before sending, and creates the rest', async () => {
    const good: BulkItem = { type: 'sticky_note', data: { content: 'fine' }, style: { fillColor: 'yellow' } };
    const before = setup.bulkLog().length;
    const results = await all(setup.api.bulkCreateItems(setup.board.id, [good, badColour as never, withUrl as never]));
    expect(results.map((result) => (result.error ? result.error.name : 'created'))).toEqual(['created', 'MiroValidationError', 'MiroValidationError']);
    expect(setup.bulkLog().length - before).toBe(1);
  });
});
