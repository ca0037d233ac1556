import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { MiroApi, MiroApiError, MiroRateLimitError } from '../../src/index.js';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';

let sim: MiroSimulator;
let api: MiroApi;

beforeAll(async () => {
  sim = await startMiroSimulator({ tokens: ['api-token'], rateLimit: { budget: 5000, windowMs: 60_000 } });
  // The client's own limiter and retries are off: these tests look at the simulator's answers.
  api = new MiroApi('api-token', { baseUrl: sim.url, scimBaseUrl: `${sim.url}/scim`, rateLimit: false, retry: false });
});
afterAll(() => sim.close());

describe('the simulator through MiroApi', () => {
  it('reads a board, pages its items with cursors and copies them with bulk creation', async () => {
    const source = sim.state.createBoard({ name: 'Source' });
    sim.state.addItems(source.id, 23);
    expect((await firstValueFrom(api.getSpecificBoard(source.id))).name).toBe('Source');

    const target = await firstValueFrom(api.createBoard({ name: 'Target' }));
    let cursor: string | undefined;
    const contents: unknown[] = [];
    do {
      const page = await firstValueFrom(api.getItems(source.id, { limit: 10, ...(cursor ? { cursor } : {}) }));
      const items = (page.data ?? []).map((item) => ({ type: 'sticky_note' as const, data: { content: (item.data as { content?: string }).content } }));
      contents.push(...items.map((item) => item.data.content));
      await firstValueFrom(api.createItems(target.id!, items));
      cursor = page.cursor;
    } while (cursor);
    expect(contents).toHaveLength(23);
    expect(sim.state.items(target.id!).map((item) => item.data?.content)).toEqual(contents);
  });

  it('sends multipart bulk uploads the simulator understands', async () => {
    const board = sim.state.createBoard();
    const created = await firstValueFrom(
      api.createItemsInBulkUsingFileFromDevice(board.id, {
        data: [
          { type: 'image', title: 'one' },
          { type: 'document', title: 'two' },
        ],
        resources: [
          { data: new Uint8Array(16), fileName: 'one.png', contentType: 'image/png' },
          { data: new Uint8Array(8), fileName: 'two.pdf', contentType: 'application/pdf' },
        ],
      }),
    );
    expect((created as { data: { type: string }[] }).data.map((item) => item.type)).toEqual(['image', 'document']);
    expect(sim.requestLog.at(-1)).toMatchObject({ operationId: 'create-items-in-bulk-using-file-from-device', credits: 200 });
  });

  it('lists SCIM users through scimBaseUrl', async () => {
    sim.state.addScimUsers(3);
    const page = await firstValueFrom(api.listUsers({ startIndex: 2, count: 2 }));
    expect(page).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 2 });
  });

  it('surfaces 404 and 429 as the client errors, with rate-limit details', async () => {
    await expect(firstValueFrom(api.getSpecificBoard('missing'))).rejects.toBeInstanceOf(MiroApiError);
    const board = sim.state.createBoard();
    let failure: unknown;
    for (let index = 0; index < 200 && !failure; index++) {
      await firstValueFrom(api.getSpecificBoard(board.id)).catch((error: unknown) => (failure = error));
    }
    expect(failure).toBeInstanceOf(MiroRateLimitError);
    const rateLimited = failure as MiroRateLimitError;
    expect(rateLimited.status).toBe(429);
    expect(rateLimited.code).toBe('tooManyRequests');
    expect(rateLimited.rateLimit?.limit).toBe(5000);
    expect(rateLimited.rateLimit!.remaining).toBeLessThan(50);
  });
});
