import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { MiroApi, MiroApiError, MiroPaginationError, MiroValidationError, type MiroInterceptor } from '../../src/index.js';
import { startPagingServer } from './support/paging-server.js';

let server: Awaited<ReturnType<typeof startPagingServer>>;
let api: MiroApi;
/** Retries would hide an injected failure: the error tests read without them. */
let noRetry: MiroApi;
/** Page requests as the pipeline saw them: counted when sent, before any answer. */
let sent: string[] = [];
const countRequests: MiroInterceptor = (request, next) => {
  sent.push(request.url);
  return next(request);
};

beforeAll(async () => {
  server = await startPagingServer();
  api = new MiroApi('token-for-tests', { baseUrl: server.url, scimBaseUrl: `${server.url}/scim`, interceptors: [countRequests] });
  noRetry = new MiroApi('token-for-tests', { baseUrl: server.url, scimBaseUrl: `${server.url}/scim`, retry: false });
});
afterAll(() => server.close());
beforeEach(() => {
  sent = [];
});

const ids = (items: ReadonlyArray<{ id?: string }>) => items.map((item) => item.id);
const expectedIds = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `item-${from + i}`);

describe('cursor paging (getAllItems)', () => {
  it('emits 10,000 items exactly once, in order, in 200 requests of 50', async () => {
    server.reset({ items: 10_000 });
    const items = await lastValueFrom(api.getAllItems('board-1').pipe(toArray()));
    expect(ids(items)).toEqual(expectedIds(0, 10_000));
    expect(server.requests).toHaveLength(200);
    expect(server.queries().every((query) => query.startsWith('limit=50'))).toBe(true);
  });

  it('does not depend on `total`: an answer without it reads to the end', async () => {
    server.reset({ items: 1_234, omitTotal: true });
    const items = await lastValueFrom(api.getAllItems('board-1').pipe(toArray()));
    expect(ids(items)).toEqual(expectedIds(0, 1_234));
    expect(server.requests).toHaveLength(25);
  });

  it('reads an empty board in one request; the pages variant emits that one empty page', async () => {
    server.reset({ items: 0 });
    expect(await lastValueFrom(api.getAllItems('board-1').pipe(toArray()))).toEqual([]);
    const pages = await lastValueFrom(api.getAllItemsPages('board-1').pipe(toArray()));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ items: [], position: undefined, next: undefined, index: 0, total: 0 });
    expect(server.requests).toHaveLength(2);
  });

  it('take(5) makes one request, and no second one afterwards', async () => {
    server.reset({ items: 10_000 });
    const items = await lastValueFrom(api.getAllItems('board-1').pipe(take(5), toArray()));
    expect(ids(items)).toEqual(expectedIds(0, 5));
    expect(sent).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });

  it('take(120) fetches only the three pages it needs', async () => {
    server.reset({ items: 10_000 });
    await lastValueFrom(api.getAllItems('board-1').pipe(take(120), toArray()));
    expect(sent).toHaveLength(3);
  });

  it('keeps the caller’s query and page size, and owns the cursor', async () => {
    server.reset({ items: 45 });
    const items = await lastValueFrom(api.getAllItems('board-1', { type: 'sticky_note', limit: 20 }).pipe(toArray()));
    expect(items).toHaveLength(45);
    const queries = server.queries();
    expect(queries).toHaveLength(3);
    expect(queries[0]).toBe('limit=20&type=sticky_note');
    expect(queries[1]).toMatch(/^limit=20&type=sticky_note&cursor=/);
  });

  it('refuses a page size outside the operation’s range before sending anything', async () => {
    server.reset({ items: 10 });
    const error = await firstValueFrom(api.getAllItems('board-1', { limit: 5 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroValidationError);
    expect((error as MiroValidationError).issues[0]?.field).toBe('query.limit');
    expect(sent).toHaveLength(0);
  });

  it('refuses a `from` of another paging style, naming what it expects', async () => {
    const error = await firstValueFrom(api.getAllItems('board-1', {}, { from: { offset: 10 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toContain('get-items pages by cursor: `from` must be { cursor: <non-empty string> }');
    expect(sent).toHaveLength(0);
  });
});

describe('an error mid-way', () => {
  it('carries the position reached, and a read from there completes the list without gaps or repeats', async () => {
    server.reset({ items: 500, failRequest: 4 });
    const seen: string[] = [];
    const error = await new Promise<unknown>((resolve) =>
      noRetry.getAllItems('board-1').subscribe({ next: (item) => seen.push(item.id!), error: resolve, complete: () => resolve(undefined) }),
    );
    expect(error).toBeInstanceOf(MiroPaginationError);
    const failure = error as MiroPaginationError;
    expect(failure).toMatchObject({ pagesRead: 3, itemsRead: 150, operationId: 'get-items', method: 'GET' });
    expect(failure.cause).toMatchObject({ status: 500, code: 'internalError' });
    expect(failure.message).toContain('after 3 page(s), 150 item(s)');
    expect(seen).toEqual(expectedIds(0, 150));
    expect(failure.resumeFrom).toEqual({ cursor: expect.any(String) });

    const rest = await lastValueFrom(api.getAllItems('board-1', {}, { from: failure.resumeFrom }).pipe(toArray()));
    expect([...seen, ...ids(rest)]).toEqual(expectedIds(0, 500));
  });

  it('carries the failed page’s status, and names the route once', async () => {
    server.reset({ items: 500, failRequest: 2 });
    const error = (await lastValueFrom(noRetry.getAllItems('board-1')).catch((e: unknown) => e)) as MiroPaginationError;
    expect(error).toBeInstanceOf(MiroPaginationError);
    expect(error.status).toBe(500);
    expect(error.message.match(/get-items: GET \/v2\/boards\/board-1\/items/g)).toHaveLength(1);
  });

  it('on the first page, fails with that page’s own error: nothing was read to resume after', async () => {
    server.reset({ items: 60, failRequest: 1 });
    const error = await firstValueFrom(noRetry.getAllItems('board-1')).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(MiroPaginationError);
    expect(error).toBeInstanceOf(MiroApiError);
    expect(error).toMatchObject({ status: 500, code: 'internalError', operationId: 'get-items' });
    expect((error as Error).message.match(/get-items: GET/g)).toHaveLength(1);
  });

  it('the pages variant exposes each page’s next position, enough to resume from a checkpoint', async () => {
    server.reset({ items: 120 });
    const pages = await lastValueFrom(api.getAllItemsPages('board-1').pipe(take(1), toArray()));
    const checkpoint = JSON.parse(JSON.stringify(pages[0]!.next)) as { cursor: string };
    const rest = await lastValueFrom(api.getAllItems('board-1', {}, { from: checkpoint }).pipe(toArray()));
    expect([...ids(pages[0]!.items), ...ids(rest)]).toEqual(expectedIds(0, 120));
  });
});

describe('cancellation', () => {
  it('unsubscribing stops further requests', async () => {
    server.reset({ items: 10_000 });
    let received = 0;
    await new Promise<void>((resolve) => {
      const subscription = api.getAllItems('board-1').subscribe((item) => {
        received += 1;
        if (item.id === 'item-60') {
          subscription.unsubscribe();
          resolve();
        }
      });
    });
    // Let any request that was (wrongly) scheduled reach the server before counting.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toBe(61);
    expect(sent).toHaveLength(2);
  });
});
