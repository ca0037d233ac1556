import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { MiroApi, closeSharedCreditLimiters } from '../../src/index.js';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { createServiceHandler } from '../../examples/node-service/src/service.js';
import { until } from '../watch/watch-support.js';

let simulator: MiroSimulator | undefined;
let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await simulator?.close();
  await closeSharedCreditLimiters();
});

async function start() {
  simulator = await startMiroSimulator({ tokens: ['sse-token'] });
  const api = new MiroApi('sse-token', { baseUrl: simulator.url, retry: false, rateLimit: { budget: 10_000_000 } });
  server = http.createServer(createServiceHandler({ api }));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { sim: simulator, api, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Reads server-sent events from a streaming answer as `{ event, data }`. */
function events(body: ReadableStream<Uint8Array>) {
  const seen: { event: string; data: any }[] = [];
  const reader = body.getReader();
  let buffer = '';
  const done = (async () => {
    for (;;) {
      const { value, done: ended } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (ended) return;
      buffer += new TextDecoder().decode(value);
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) seen.push({ event, data: JSON.parse(data) });
      }
    }
  })();
  return { seen, done, cancel: () => reader.cancel() };
}

describe('node-service: GET /boards/:id/changes', () => {
  it('streams a snapshot, then the board changes as server-sent events; hanging up stops the polling', async () => {
    const { sim, api, url } = await start();
    const board = sim.state.createBoard();
    sim.state.addItems(board.id, 2);
    const response = await fetch(`${url}/boards/${encodeURIComponent(board.id)}/changes?intervalMs=10`);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const stream = events(response.body!);
    await until(() => stream.seen.length === 1, 'the snapshot event');
    expect(stream.seen[0]).toMatchObject({ event: 'snapshot', data: { kind: 'snapshot' } });
    expect(stream.seen[0]!.data.items).toHaveLength(2);
    const note = await firstValueFrom(api.createStickyNoteItem(board.id, { data: { content: 'live' } }));
    await until(() => stream.seen.length === 2, 'the added event');
    expect(stream.seen[1]).toMatchObject({ event: 'added', data: { kind: 'added', item: { id: note.id } } });

    await stream.cancel();
    const reads = () => sim.requestLog.filter((entry) => entry.operationId === 'get-items').length;
    const connections = () => new Promise<number>((resolve) => server!.getConnections((_, count) => resolve(count)));
    for (let open = await connections(), started = Date.now(); open > 0; open = await connections()) {
      if (Date.now() - started > 10_000) throw new Error('the service never saw the hang-up');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const settled = reads();
    // Ten intervals: a watch still polling would read again; at most the aborted read is logged.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reads()).toBeLessThanOrEqual(settled + 1);
  });

  it('ends the stream with an end event naming why when the board is deleted', async () => {
    const { sim, api, url } = await start();
    const board = sim.state.createBoard();
    const response = await fetch(`${url}/boards/${encodeURIComponent(board.id)}/changes?intervalMs=10`);
    const stream = events(response.body!);
    await until(() => stream.seen.length === 1, 'the snapshot event');
    await firstValueFrom(api.deleteBoard(board.id), { defaultValue: undefined });
    await stream.done; // the service ends the answer
    expect(stream.seen.at(-1)).toMatchObject({ event: 'end', data: { reason: 'board-gone' } });
  });
});
