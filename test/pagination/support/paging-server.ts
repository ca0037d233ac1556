import { startRecordingServer, type RecordedRequest, type Reply } from '../../support/recording-server.js';

/** What the fake lists hold and how they misbehave. */
export interface PagingFixture {
  items: number;
  boards: number;
  tags: number;
  scimUsers: number;
  /** Leave `total` / `totalResults` out of every answer. */
  omitTotal: boolean;
  /** Answer 500 to the n-th page request (1-based), once. */
  failRequest?: number;
}

const item = (n: number) => ({ id: `item-${n}`, type: 'sticky_note', data: { content: `Item ${n}` } });

/**
 * A loopback server with Miro's three paging styles over numbered lists: items by cursor (the
 * cursor is an opaque token for the index of the next item), boards and tags by offset, SCIM
 * users by startIndex/count. Used until (and beside) the simulator, to inject odd answers.
 */
export async function startPagingServer(initial: Partial<PagingFixture> = {}) {
  const fixture: PagingFixture = { items: 0, boards: 0, tags: 0, scimUsers: 0, omitTotal: false, ...initial };
  let pageRequests = 0;
  const server = await startRecordingServer((request) => answer(request));

  function answer(request: RecordedRequest): Reply {
    const url = new URL(request.url, 'http://loopback');
    const query = url.searchParams;
    pageRequests += 1;
    if (pageRequests === fixture.failRequest) {
      return { status: 500, body: { status: 500, code: 'internalError', message: 'injected failure', type: 'error' } };
    }
    const total = (count: number) => (fixture.omitTotal ? {} : { total: count });
    if (/^\/v2\/boards\/[^/]+\/items$/.test(url.pathname)) {
      const limit = Number(query.get('limit') ?? 10);
      const start = query.has('cursor') ? Number(Buffer.from(query.get('cursor')!, 'base64url').toString().slice(2)) : 0;
      const end = Math.min(start + limit, fixture.items);
      const data = Array.from({ length: Math.max(0, end - start) }, (_, i) => item(start + i));
      const cursor = end < fixture.items ? { cursor: Buffer.from(`at${end}`).toString('base64url') } : {};
      return { body: { data, ...total(fixture.items), size: data.length, limit, ...cursor, links: {} } };
    }
    const offsetList = (count: number, make: (n: number) => object): Reply => {
      const limit = Number(query.get('limit') ?? 20);
      const offset = Number(query.get('offset') ?? 0);
      const end = Math.min(offset + limit, count);
      const data = Array.from({ length: Math.max(0, end - offset) }, (_, i) => make(offset + i));
      return { body: { data, ...total(count), size: data.length, offset, limit, type: 'list' } };
    };
    const board = /^\/v2\/boards\/([^/]+)$/.exec(url.pathname);
    if (board) return { body: { id: decodeURIComponent(board[1]!), name: 'Paging board', type: 'board' } };
    if (url.pathname === '/v2/boards') return offsetList(fixture.boards, (n) => ({ id: `board-${n}`, name: `Board ${n}` }));
    if (/^\/v2\/boards\/[^/]+\/tags$/.test(url.pathname)) return offsetList(fixture.tags, (n) => ({ id: `tag-${n}`, title: `Tag ${n}` }));
    if (url.pathname === '/scim/Users') {
      const count = Number(query.get('count') ?? 100);
      const startIndex = Number(query.get('startIndex') ?? 1);
      const end = Math.min(startIndex - 1 + count, fixture.scimUsers);
      const Resources = Array.from({ length: Math.max(0, end - startIndex + 1) }, (_, i) => ({
        id: `user-${startIndex + i}`,
        userName: `u${startIndex + i}@example.com`,
      }));
      const totalResults = fixture.omitTotal ? {} : { totalResults: fixture.scimUsers };
      return {
        body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], ...totalResults, startIndex, itemsPerPage: Resources.length, Resources },
      };
    }
    return { status: 404, body: { status: 404, code: 'notFound', message: `no route ${url.pathname}`, type: 'error' } };
  }

  return {
    url: server.url,
    fixture,
    /** Query strings of the requests received so far, e.g. `limit=50&cursor=...`. */
    queries: () => server.requests.map((r) => new URL(r.url, 'http://loopback').search.slice(1)),
    requests: server.requests,
    reset(changes: Partial<PagingFixture> = {}) {
      Object.assign(fixture, { failRequest: undefined, omitTotal: false }, changes);
      pageRequests = 0;
      server.requests.length = 0;
    },
    close: server.close,
  };
}
