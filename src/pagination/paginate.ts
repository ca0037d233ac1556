import { catchError, concatMap, defer, EMPTY, expand, finalize, map, Observable, switchMap, tap, throwError } from 'rxjs';
import type { BodyOptions } from '../http/call-options.js';
import { MiroError, MiroValidationError } from '../errors/miro-errors.js';
import type { Operation } from '../http/operation.js';
import type { MiroPage } from './miro-page.js';
import { PageShapeError, readPageAnswer } from './page-answer.js';
import { checkPosition, POSITION_PARAMETER, type PagePosition } from './page-position.js';
import { pageSizeOf, pageSizeParameter } from './page-size.js';
import { MiroPaginationError } from './pagination-error.js';
import type { PaginationOptions } from './pagination-options.js';
import { pagingStyle } from './paging-styles.js';
import { checkReadAhead, ReadAhead } from './read-ahead.js';

/** Sends one page request of an operation whose path arguments are already bound. */
export type PageFetch = (query: Record<string, unknown>, options: BodyOptions) => Observable<unknown>;

/**
 * Every page of a paged operation, as a lazy `expand` pipeline: the first page is requested on
 * subscription and each next page only once the page before has been emitted (and, with
 * `readAhead`, once the consumer has caught up). Unsubscribing aborts the request in flight
 * and requests nothing more. A failure after some pages comes as {@link MiroPaginationError}
 * with the position to resume from; a failed first request comes as its own error (a
 * `MiroApiError` with its `status`, ...), since nothing was read to resume after; invalid input
 * comes as {@link MiroValidationError} before anything is sent.
 */
export function paginatePages<T, R = unknown>(
  operation: Operation,
  fetchPage: PageFetch,
  query: object | undefined,
  options: PaginationOptions = {},
): Observable<MiroPage<T, R>> {
  return readPages<T, R>(operation, fetchPage, query, options, () => 1);
}

/** Every item of a paged operation, one by one, in Miro's order (see {@link paginatePages}). */
export function paginateItems<T>(operation: Operation, fetchPage: PageFetch, query: object | undefined, options: PaginationOptions = {}): Observable<T> {
  return readPages<T, unknown>(operation, fetchPage, query, options, (page) => page.items.length).pipe(concatMap((page) => page.items));
}

function readPages<T, R>(
  operation: Operation,
  fetchPage: PageFetch,
  query: object | undefined,
  options: PaginationOptions,
  unitsOf: (page: MiroPage<T, R>) => number,
): Observable<MiroPage<T, R>> {
  return new Observable<MiroPage<T, R>>((subscriber) => {
    if (operation.pagination === 'none') throw new TypeError(`${operation.operationId} is not a paged operation`);
    const style = operation.pagination;
    const paging = pagingStyle(style);
    const from = checkPosition(style, options.from, operation.operationId);
    const limit = checkReadAhead(options.readAhead, options.processed$);
    const baseQuery: Record<string, unknown> = { ...(query as Record<string, unknown> | undefined) };
    // The paginator owns the position parameter: a caller's value would fight the loop.
    delete baseQuery[POSITION_PARAMETER[style]];
    const pageSize = pageSizeOf(operation, baseQuery);
    const sizeKey = pageSizeParameter(operation);
    if (pageSize !== undefined && baseQuery[sizeKey] === undefined) baseQuery[sizeKey] = pageSize;
    const callOptions: BodyOptions = { signal: options.signal, headers: options.headers, timeoutMs: options.timeoutMs };
    const readAhead = limit === undefined ? undefined : new ReadAhead(limit, options.processed$!, (error) => subscriber.error(error));

    let pagesRead = 0;
    let itemsRead = 0;
    // Positions asked for in this read: one short string per page, dropped with the read.
    const seen = new Set<string>();
    const page$ = (position: PagePosition | undefined): Observable<MiroPage<T, R>> =>
      defer(() => {
        readAhead?.requested();
        seen.add(positionKey(position));
        return fetchPage({ ...baseQuery, ...paging.positionQuery(position) }, callOptions);
      }).pipe(
        map((body) => {
          const answer = readPageAnswer(body);
          const next = paging.next(answer, position, pageSize);
          if (next !== undefined && seen.has(positionKey(next))) {
            // A position already read in this read (A -> B -> A, or A -> A) would loop for ever.
            throw new PageShapeError(repeatMessage(next, position));
          }
          const page: MiroPage<T, R> = { items: answer.items as T[], position, next, index: pagesRead, total: answer.total, body: body as R };
          return page;
        }),
        tap((page) => {
          pagesRead += 1;
          itemsRead += page.items.length;
          readAhead?.received(unitsOf(page));
        }),
        catchError((error: unknown) => {
          readAhead?.settled();
          if (error instanceof MiroValidationError) return throwError(() => error);
          // Nothing read yet: the request's own error (status and all) says more than a wrapper.
          if (pagesRead === 0 && error instanceof MiroError) return throwError(() => error);
          return throwError(() => new MiroPaginationError(operation, { resumeFrom: position, pagesRead, itemsRead }, error));
        }),
      );

    const nextPage$ = (page: MiroPage<T, R>): Observable<MiroPage<T, R>> => {
      // expand asks for the next page even after a consumer such as take(n) has gone: ask nothing.
      if (page.next === undefined || subscriber.closed) return EMPTY;
      const next = page.next;
      return readAhead ? readAhead.open$.pipe(switchMap(() => page$(next))) : page$(next);
    };

    return page$(from)
      .pipe(
        expand(nextPage$),
        finalize(() => readAhead?.close()),
      )
      .subscribe(subscriber);
  });
}

/** One string per position, so positions of any style can be compared in a Set. */
function positionKey(position: PagePosition | undefined): string {
  if (position === undefined) return 'start';
  const [[key, value]] = Object.entries(position) as [[string, unknown]];
  return `${key}=${String(value)}`;
}

function repeatMessage(next: PagePosition, position: PagePosition | undefined): string {
  const same = position !== undefined && positionKey(next) === positionKey(position);
  const shown = positionKey(next).replace(/^(\w+)=/, '$1 ');
  const clipped = shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
  return same
    ? `the answer repeats the cursor it was asked for (${clipped})`
    : `the answer leads back to a page already read in this read (${clipped}): the list cycles`;
}
