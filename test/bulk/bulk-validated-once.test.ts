import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { createItems } from '../../src/generated/operations.js';
import { MiroValidationError } from '../../src/index.js';
import { all, simulatorWithBoard, stickyNotes } from './support/bulk-fixtures.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await close?.();
  close = undefined;
});

describe('bulk batches are validated once', () => {
  it('each item is checked alone; the batch made of them is not parsed again', async () => {
    const setup = await simulatorWithBoard();
    close = () => setup.sim.close();
    const schema = createItems.input().body!;
    expect(createItems.input().body).toBe(schema); // one schema object, so the spy sees every parse
    const parse = vi.spyOn(schema, 'safeParse');
    const results = await all(setup.api.bulkCreateItems(setup.board.id, stickyNotes(40)));
    expect(results.every((result) => 'item' in result)).toBe(true);
    // 40 single-item checks in bulkEntry; the simulator judges bodies by the document, not with
    // these validators. Before, the client parsed both 20-item batches again.
    expect(parse).toHaveBeenCalledTimes(40);
  });

  it("a createItems call of the caller's own is still validated", async () => {
    const setup = await simulatorWithBoard();
    close = () => setup.sim.close();
    const error = await firstValueFrom(setup.api.createItems(setup.board.id, [{ type: 'sticky_note', data: 42 } as never])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroValidationError);
  });
});
