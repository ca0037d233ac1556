/**
 * Work of many calls is one span with a child per call: a paginated read (a call per page), a
 * bulk upload (a call per batch), each poll of a watch. No context manager is registered here:
 * miro-rx keeps its own spans nested without one.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MiroApi } from '../../src/index.js';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { idOf, only, parentOf, testSdk } from './support/telemetry-sdk.js';

const sdk = testSdk();
let miro: MiroSimulator;
let api: MiroApi;
beforeAll(async () => {
  miro = await startMiroSimulator({ tokens: ['work-token'] });
  api = new MiroApi('work-token', { baseUrl: miro.url, telemetry: sdk.telemetry });
});
afterAll(() => miro.close());
beforeEach(() => sdk.reset());

const childrenOf = (id: string) => sdk.spans().filter((span) => parentOf(span) === id);

describe('a paginated read', () => {
  it('is one span with a call span per page, each with its attempt', async () => {
    const board = miro.state.createBoard();
    miro.state.addItems(board.id, 120);
    const items = await lastValueFrom(api.getAllItems(board.id).pipe(toArray()));
    expect(items).toHaveLength(120);
    const read = only(sdk.spans(), 'read get-items');
    expect(parentOf(read)).toBeUndefined();
    const pages = childrenOf(idOf(read));
    expect(pages.map((span) => span.name)).toEqual(['get-items', 'get-items', 'get-items']);
    for (const page of pages) {
      expect(childrenOf(idOf(page)).map((span) => [span.name, span.kind])).toEqual([['GET /v2/boards/{board_id}/items', SpanKind.CLIENT]]);
    }
    expect(read.attributes).toMatchObject({ 'miro.operation.id': 'get-items', 'miro.calls': 3 });
    expect(new Set(sdk.spans().map((span) => span.spanContext().traceId)).size).toBe(1);
  });

  it('ended early by take() ends its span without an error, with the pages it read', async () => {
    const board = miro.state.createBoard();
    miro.state.addItems(board.id, 120);
    await lastValueFrom(api.getAllItems(board.id).pipe(take(60), toArray()));
    const read = only(sdk.spans(), 'read get-items');
    expect(read.status.code).toBe(SpanStatusCode.UNSET);
    expect(childrenOf(idOf(read))).toHaveLength(2);
  });

  it('that fails records the error on the read span too', async () => {
    await lastValueFrom(api.getAllItems('no-such-board')).catch(() => undefined);
    const read = only(sdk.spans(), 'read get-items');
    expect(read.status).toMatchObject({ code: SpanStatusCode.ERROR });
    expect(read.attributes['error.type']).toBe('404');
    expect(only(sdk.spans(), 'get-items').status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('a bulk upload', () => {
  it('is one span with a call span per batch, each charged its batch', async () => {
    const board = miro.state.createBoard();
    const notes = Array.from({ length: 45 }, (_, n) => ({ type: 'sticky_note' as const, data: { content: `note ${n}` } }));
    const results = await lastValueFrom(api.bulkCreateItems(board.id, notes).pipe(toArray()));
    expect(results.every((result) => result.item)).toBe(true);
    const upload = only(sdk.spans(), 'bulk-create-items');
    const batches = childrenOf(idOf(upload));
    expect(batches.map((span) => span.name)).toEqual(['create-items', 'create-items', 'create-items']);
    const attempts = batches.flatMap((batch) => childrenOf(idOf(batch)));
    expect(attempts.map((span) => span.attributes['miro.credits.charged']).sort()).toEqual([2000, 2000, 500]);
    expect(upload.attributes['miro.calls']).toBe(3);
  });
});

describe('a watch', () => {
  it('has a span per poll, its reads beneath it', async () => {
    const board = miro.state.createBoard();
    miro.state.addItems(board.id, 3);
    await firstValueFrom(api.watchBoard(board.id, { intervalMs: 5, skipSnapshot: false }).pipe(take(1)));
    const poll = sdk.spans().find((span) => span.name === 'watch-board poll')!;
    expect(poll).toBeDefined();
    const reads = childrenOf(idOf(poll));
    expect(reads.map((span) => span.name)).toEqual(['read get-items']);
    expect(childrenOf(idOf(reads[0]!)).map((span) => span.name)).toEqual(['get-items']);
  });
});
