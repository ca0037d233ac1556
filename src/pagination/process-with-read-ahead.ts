import { defer, finalize, from, mergeMap, Subject, type Observable, type ObservableInput } from 'rxjs';

/**
 * Reads a paged list and processes each item, never holding more than the read's `readAhead`
 * pages fetched but unprocessed: each next page is requested only when the consumer has
 * drained down below that many pages. Memory stays flat however long the list.
 *
 * `read` receives the `processed$` notifier to pass to a `getAll...` helper together with
 * `readAhead`; `process` handles one item (at most `concurrency` at a time, in order of arrival).
 *
 * @example
 * ```ts
 * // Copy a board: at most 2 pages (100 items) read ahead of the writes.
 * processWithReadAhead(
 *   (processed$) => api.getAllItems(sourceId, {}, { readAhead: 2, processed$ }),
 *   (item) => api.createStickyNoteItem(targetId, toStickyNote(item)),
 * ).subscribe();
 * ```
 */
export function processWithReadAhead<T, R>(
  read: (processed$: Observable<void>) => Observable<T>,
  process: (item: T, index: number) => ObservableInput<R>,
  options: { concurrency?: number } = {},
): Observable<R> {
  return defer(() => {
    const processed = new Subject<void>();
    return read(processed.asObservable()).pipe(
      mergeMap((item, index) => from(process(item, index)).pipe(finalize(() => processed.next())), options.concurrency ?? 1),
      finalize(() => processed.complete()),
    );
  });
}
