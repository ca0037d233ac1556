import type { Observable } from 'rxjs';
import type { Operation, PaginationStyle } from '../../../src/http/operation.js';
import type { PageFetch } from '../../../src/pagination/paginate.js';

/** A paged operation descriptor for runtime tests that need no HTTP. */
export function fakeOperation(pagination: Exclude<PaginationStyle, 'none'>, max = 50): Operation {
  return {
    operationId: `fake-${pagination}`,
    methodName: 'fake',
    method: 'GET',
    path: '/v2/fake',
    server: pagination === 'scim' ? 'scim' : 'rest',
    pathParameters: [],
    queryParameters: [],
    rateLimitLevel: 1,
    creditCost: 50,
    chargedPerItem: false,
    pagination,
    pageSize: { min: 1, max },
    sharesRouteWith: [],
    emptyResponse: false,
    successMayBeEmpty: false,
    deprecated: false,
    input: () => {
      throw new Error('not validated in runtime tests');
    },
  };
}

/** A cursor-paged list of `total` numbered items; the cursor is the index of the next item. */
export function cursorList(total: number, answer: (body: unknown) => Observable<unknown>) {
  const calls: Array<Record<string, unknown>> = [];
  const fetchPage: PageFetch = (query) => {
    calls.push(query);
    const start = Number(query.cursor ?? 0);
    const limit = Number(query.limit);
    const end = Math.min(start + limit, total);
    const data = Array.from({ length: end - start }, (_, i) => start + i);
    return answer(end < total ? { data, size: data.length, limit, cursor: String(end) } : { data, size: data.length, limit });
  };
  return { calls, fetchPage };
}
