/**
 * The composed core: `MiroApi` holds a `MiroClient` and inherits nothing generated; its methods
 * are the functions of `miro-rx/operations` given that client; bulk creation and the streaming
 * helpers take the client itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { MiroApi, MiroClient, MiroValidationError, operationTable, paginatorTable } from '../../src/index.js';
import { bulkCreateItems, getAllItems, getSpecificBoard } from '../../src/operations.js';
import { DEFAULT_SIMULATOR_TOKEN, startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { stickyNotes } from '../bulk/support/bulk-fixtures.js';

let sim: MiroSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function simulatorClient() {
  sim = await startMiroSimulator();
  const board = sim.state.createBoard({ name: 'Composition' });
  const options = { baseUrl: sim.url, scimBaseUrl: `${sim.url}/scim`, retry: false } as const;
  return { board, client: new MiroClient(DEFAULT_SIMULATOR_TOKEN, options), api: new MiroApi(DEFAULT_SIMULATOR_TOKEN, options) };
}

describe('MiroApi composes a MiroClient', () => {
  it('has no superclass: its prototype is a plain object holding its own methods', () => {
    expect(Object.getPrototypeOf(MiroApi.prototype)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(MiroApi)).toBe(Function.prototype);
    const own = new Set(Object.getOwnPropertyNames(MiroApi.prototype));
    for (const op of operationTable) expect(own.has(op.methodName), op.methodName).toBe(true);
    for (const entry of paginatorTable) expect(own.has(entry.items) && own.has(entry.pages), entry.items).toBe(true);
  });

  it('delegates to its client: one rateLimitState$, one pipeline', async () => {
    const { api, board } = await simulatorClient();
    expect(api.client).toBeInstanceOf(MiroClient);
    expect(api.rateLimitState$).toBe(api.client.rateLimitState$);
    const viaMethod = await firstValueFrom(api.getSpecificBoard(board.id));
    const viaFunction = await firstValueFrom(getSpecificBoard(api.client, board.id));
    expect(viaFunction).toEqual(viaMethod);
  });

  it('refuses a token that is neither a string nor a function, as MiroApi does', () => {
    expect(() => new MiroClient(42 as never)).toThrow(/accessToken must be a string or a function/);
  });
});

describe('functions taking the client', () => {
  it('bulkCreateItems and getAllItems send through a MiroClient', async () => {
    const { client, board } = await simulatorClient();
    const results = await lastValueFrom(bulkCreateItems(client, board.id, stickyNotes(25)).pipe(toArray()));
    expect(results.map((result) => ('item' in result ? result.index : -1))).toEqual([...Array(25).keys()]);
    const notes = await lastValueFrom(getAllItems(client, board.id, { type: 'sticky_note' }).pipe(toArray()));
    expect(notes.map((note) => note.data.content).sort()).toEqual(
      stickyNotes(25)
        .map((note) => note.data.content)
        .sort(),
    );
  });

  it('validate their input before sending, as the methods do', async () => {
    const { client } = await simulatorClient();
    await expect(firstValueFrom(getSpecificBoard(client, ''))).rejects.toBeInstanceOf(MiroValidationError);
    expect(sim!.requestLog).toHaveLength(0);
  });
});
