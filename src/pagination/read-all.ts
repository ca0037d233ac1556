import type { Observable } from 'rxjs';
import type { MiroClient } from '../client/miro-client.js';
import type { Operation } from '../http/operation.js';
import { paginateItems, paginatePages, type PageFetch } from './paginate.js';
import type { MiroPage } from './miro-page.js';
import type { PaginationOptions } from './pagination-options.js';

/**
 * Every item of a paged operation, sent through `client`: what each generated `getAll*` helper
 * hands over is the operation once, with its path arguments and query (see {@link paginateItems}).
 */
export function readAllItems<T>(
  client: MiroClient,
  operation: Operation,
  path: readonly string[],
  query: object | undefined,
  options?: PaginationOptions,
): Observable<T> {
  return paginateItems<T>(operation, pageFetch(client, operation, path), query, options);
}

/** Every page of a paged operation, sent through `client` (see {@link paginatePages}). */
export function readAllPages<T, R>(
  client: MiroClient,
  operation: Operation,
  path: readonly string[],
  query: object | undefined,
  options?: PaginationOptions,
): Observable<MiroPage<T, R>> {
  return paginatePages<T, R>(operation, pageFetch(client, operation, path), query, options);
}

/** One page request: the operation with its path and the paginator's query, each page checked. */
function pageFetch(client: MiroClient, operation: Operation, path: readonly string[]): PageFetch {
  return (query, options) => client.send(operation, { path, query }, options);
}
