import type { Observable } from 'rxjs';
import { type MiroClient, telemetryOf } from '../client/miro-client.js';
import type { Operation } from '../http/operation.js';
import type { WorkSource } from '../telemetry/miro-telemetry.js';
import { tracedWork$ } from '../telemetry/traced-work.js';
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
  return tracedRead$(client, operation, (inside) => paginateItems<T>(operation, pageFetch(client, operation, path, inside), query, options));
}

/** Every page of a paged operation, sent through `client` (see {@link paginatePages}). */
export function readAllPages<T, R>(
  client: MiroClient,
  operation: Operation,
  path: readonly string[],
  query: object | undefined,
  options?: PaginationOptions,
): Observable<MiroPage<T, R>> {
  return tracedRead$(client, operation, (inside) => paginatePages<T, R>(operation, pageFetch(client, operation, path, inside), query, options));
}

/** The whole read as one span (when telemetry records), each page's call a child of it. */
function tracedRead$<T>(client: MiroClient, operation: Operation, read: WorkSource<T>): Observable<T> {
  const telemetry = telemetryOf(client);
  return tracedWork$(telemetry && (() => telemetry.work(`read ${operation.operationId}`, operation.operationId)), read);
}

/** One page request: the operation with its path and the paginator's query, each page checked. */
function pageFetch(client: MiroClient, operation: Operation, path: readonly string[], inside: <U>(page$: Observable<U>) => Observable<U>): PageFetch {
  return (query, options) => inside(client.send(operation, { path, query }, options));
}
