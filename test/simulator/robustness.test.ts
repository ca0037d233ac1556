import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { operationTable } from '../../src/generated/operations.js';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { OperationRouter } from '../../src/simulator/router.js';
import { createRequestHandler } from '../../src/simulator/request-handler.js';
import { BoardStore } from '../../src/simulator/board-store.js';
import { FaultInjector } from '../../src/simulator/faults.js';
import { ExportJobs } from '../../src/simulator/export-jobs.js';
import { IdSource } from '../../src/simulator/id-source.js';
import { OAuthGrants } from '../../src/simulator/oauth-grants.js';
import { RequestLog } from '../../src/simulator/request-log.js';
import { ScimDirectory } from '../../src/simulator/scim-directory.js';
import { TokenStore } from '../../src/simulator/token-store.js';
import type { SimulatorContext } from '../../src/simulator/simulator-context.js';
import { boardPath, httpClient } from './http-client.js';

let sim: MiroSimulator | undefined;
let server: http.Server | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe('robustness', () => {
  it('turns a handler that throws into a 500 with Miro body, and keeps serving', async () => {
    const now = Date.now;
    const ids = new IdSource();
    const store = new BoardStore(ids, now);
    const tokens = new TokenStore(now, 3600);
    tokens.addStatic('t', 'user-1');
    const context: SimulatorContext = {
      store,
      tokens,
      log: new RequestLog(),
      faults: new FaultInjector(undefined, 0),
      oauth: new OAuthGrants([], tokens, now),
      scim: new ScimDirectory(ids, () => store.timestamp()),
      exports: new ExportJobs(store, now, 0),
      now,
      url: '',
      cors: true,
      latencyMs: 0,
    };
    const handlers = {
      'get-boards': {
        handle: () => {
          throw new TypeError('boom');
        },
      },
      'get-specific-board': { handle: () => ({ status: 200, body: { ok: true } }) },
    };
    server = http.createServer(createRequestHandler(context, new OperationRouter(operationTable), handlers));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const failed = await fetch(`${base}/v2/boards`, { headers: { authorization: 'Bearer t' } });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ status: 500, type: 'error', message: expect.stringContaining('boom') });
    expect((await fetch(`${base}/v2/boards/b1`, { headers: { authorization: 'Bearer t' } })).status).toBe(200);
  });

  it('neither repeats nor skips items when items are deleted or added between pages', async () => {
    sim = await startMiroSimulator({ tokens: ['t'] });
    const call = httpClient(sim, 't');
    const board = sim.state.createBoard();
    const items = sim.state.addItems(board.id, 30);
    const first = await call('GET', `${boardPath(board.id)}/items?limit=10`);
    // Delete the first item of the next page and one already read; add one at the end.
    await call('DELETE', `${boardPath(board.id)}/items/${items[10]!.id}`);
    await call('DELETE', `${boardPath(board.id)}/items/${items[0]!.id}`);
    sim.state.addItems(board.id, 1);
    const seen = first.body.data.map((item: { id: string }) => item.id);
    let cursor: string | undefined = first.body.cursor;
    while (cursor) {
      const page = await call('GET', `${boardPath(board.id)}/items?limit=10&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...page.body.data.map((item: { id: string }) => item.id));
      cursor = page.body.cursor;
    }
    const expected = [...items.slice(0, 10), ...items.slice(11)].map((item) => item.id);
    expect(seen.slice(0, 29)).toEqual(expected);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });

  it('answers 404 for a malformed path and 415 for a body type it cannot read', async () => {
    sim = await startMiroSimulator({ tokens: ['t'] });
    expect((await fetch(`${sim.url}/v2/boards/%E0%A4%A`, { headers: { authorization: 'Bearer t' } })).status).toBe(404);
    const odd = await fetch(`${sim.url}/v2/boards`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/xml' },
      body: '<board/>',
    });
    expect(odd.status).toBe(415);
    expect(sim.state.boards()).toHaveLength(0);
  });

  it('maps image and document URLs of JSON bulk items to imageUrl and documentUrl', async () => {
    sim = await startMiroSimulator({ tokens: ['t'] });
    const board = sim.state.createBoard();
    const answer = await httpClient(sim, 't')('POST', `${boardPath(board.id)}/items/bulk`, [
      { type: 'image', data: { url: 'https://example.com/a.png' } },
      { type: 'document', data: { url: 'https://example.com/a.pdf' } },
    ]);
    expect(answer.body.data[0].data).toEqual({ imageUrl: 'https://example.com/a.png' });
    expect(answer.body.data[1].data).toEqual({ documentUrl: 'https://example.com/a.pdf' });
  });

  it('refuses bad options with a message naming them', async () => {
    await expect(startMiroSimulator({ rateLimit: { budget: 0 } })).rejects.toThrow(/budget/);
    await expect(startMiroSimulator({ latencyMs: -1 })).rejects.toThrow(/latencyMs/);
    await expect(startMiroSimulator({ faults: { invalidJsonRate: 1.5 } })).rejects.toThrow(/invalidJsonRate/);
    await expect(startMiroSimulator({ tokens: [''] })).rejects.toThrow(/token/);
  });
});
