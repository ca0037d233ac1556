import {
  catchError,
  concatWith,
  connect,
  defer,
  EMPTY,
  filter,
  finalize,
  from,
  map,
  merge,
  mergeMap,
  tap,
  throwError,
  type Observable,
  type ObservableInput,
} from 'rxjs';
import { createItemsOperation } from '../generated/operations/create-items.js';
import { invalidArguments } from '../errors/call-errors.js';
import type { ValidationIssue } from '../errors/miro-errors.js';
import { BULK_MAX_ITEMS, BULK_MAX_UPLOAD_BYTES } from './bulk-limits.js';
import { bulkEntry, type BulkEntry } from './bulk-entry.js';
import { intoBulkBatches } from './bulk-batches.js';
import { inInputOrder } from './in-input-order.js';
import { BulkProgressTracker, knownLength, type BulkProgressObserver } from './bulk-progress.js';
import { sendBulkBatch, type BulkCreateClient } from './send-bulk-batch.js';
import type { BulkItem, BulkItemResult } from './bulk-item.js';
import type { ExactBulkItem } from './exact-bulk-item.js';
import { telemetryOf } from '../client/miro-client.js';
import { tracedWork$ } from '../telemetry/traced-work.js';

/** Options of `bulkCreateItems`. */
export interface BulkCreateOptions {
  /** Items per call, 1..20. Default 20. Lower it when the credit budget is below 2,000 per window. */
  batchSize?: number;
  /** Calls in flight at once (the limiter still decides when each leaves). Default 4. */
  concurrency?: number;
  /**
   * When Miro refuses a batch for its content (400, 413), split it in halves and send each
   * again, recursively, so that only the bad items fail. Default `false`: the whole batch
   * is reported failed, as Miro's transactional calls leave it.
   */
  bisect?: boolean;
  /** Receives progress: a function, or an observer such as a `Subject<BulkProgress>`. */
  progress?: BulkProgressObserver;
}

/** Bulk calls in flight at once by default. */
export const DEFAULT_BULK_CONCURRENCY = 4;

/**
 * Creates any number of items on a board through Miro's bulk endpoints. JSON items are sent
 * with `createItems`, file items (those with a `file`) with the from-device bulk call, in
 * batches of up to 20 items (and up to 6 MB of files). Each call reserves its N x 100 credits
 * in the client's limiter before it leaves.
 *
 * Emits exactly one result per input, in input order: `{ index, input, item }` or
 * `{ index, input, error }`. A failed call reports each of its inputs with the error; an input
 * refused before sending (bad shape, file over 6 MB) is reported alone. Cold: nothing is read
 * or sent before subscription; unsubscribing aborts the calls in flight and sends no more.
 * If `items` errors, the inputs already read are still created and reported, then the error
 * is passed on.
 *
 * @example
 * ```ts
 * const notes = Array.from({ length: 500 }, (_, n) => ({
 *   type: 'sticky_note' as const,
 *   data: { content: `Idea ${n}` },
 *   position: { x: (n % 25) * 250, y: Math.floor(n / 25) * 250 },
 * }));
 * bulkCreateItems(client, boardId, notes, { bisect: true, progress: (p) => console.log(p.created, '/', p.total) })
 *   .subscribe(({ index, item, error }) => (error ? console.error(index, error.message) : console.log(index, item.id)));
 * ```
 */
export function bulkCreateItems<T extends BulkItem>(
  client: BulkCreateClient,
  boardId: string,
  items: ObservableInput<T & ExactBulkItem<T>>,
  options: BulkCreateOptions = {},
): Observable<BulkItemResult<T>> {
  const telemetry = telemetryOf(typeof client === 'object' && client !== null && 'client' in client ? client.client : client);
  // The whole upload is one span (when telemetry records), each batch's call a child of it.
  const start = telemetry && (() => telemetry.work('bulk-create-items', createItemsOperation.operationId));
  return tracedWork$(start, (inside) =>
    defer(() => {
      const given: BulkCreateOptions = typeof options === 'object' && options !== null ? options : {};
      const batchSize = given.batchSize ?? BULK_MAX_ITEMS;
      const concurrency = given.concurrency ?? DEFAULT_BULK_CONCURRENCY;
      const issues = argumentIssues(client, boardId, items, options, batchSize, concurrency);
      if (issues.length) throw invalidArguments(createItemsOperation, issues);

      const tracker = new BulkProgressTracker(given.progress, createItemsOperation.creditCost);
      tracker.started(knownLength(items));
      let sourceFailure: { error: unknown } | undefined;
      const context = {
        client: 'client' in client ? client.client : client,
        boardId,
        bisect: given.bisect === true,
        onRequest: (itemCount: number) => tracker.requestStarted(itemCount),
        onRequestEnd: (itemCount: number) => tracker.requestEnded(itemCount),
        inside,
      };
      const entries$ = from(items).pipe(
        map((input, index): BulkEntry => {
          tracker.received();
          return bulkEntry(input, index);
        }),
        // A failing source still gets the inputs it gave created and reported; its error comes last.
        catchError((error: unknown) => {
          sourceFailure = { error };
          return EMPTY;
        }),
        tap({ complete: () => tracker.sourceComplete() }),
      );
      const end = () => tracker.end();

      const results$: Observable<BulkItemResult> = entries$.pipe(
        connect((entry$) =>
          merge(
            entry$.pipe(
              filter((entry) => entry.kind === 'invalid'),
              map(({ index, input, error }): BulkItemResult[] => [{ index, input, error }]),
            ),
            entry$.pipe(
              filter((entry) => entry.kind !== 'invalid'),
              intoBulkBatches({ maxItems: batchSize, maxBytes: BULK_MAX_UPLOAD_BYTES }),
              mergeMap((batch) => sendBulkBatch(batch, context), concurrency),
            ),
          ),
        ),
        tap((results) => tracker.settled(results)),
        inInputOrder(),
        concatWith(defer(() => (sourceFailure ? throwError(() => sourceFailure!.error) : EMPTY))),
        tap({ complete: end, error: end }),
        finalize(end),
      );
      // Each result carries the caller's own input object back, so its type is the caller's.
      return results$ as Observable<BulkItemResult<T>>;
    }),
  );
}

/** Every wrong argument at once, named as the caller wrote it. */
function argumentIssues(client: unknown, boardId: unknown, items: unknown, options: unknown, batchSize: unknown, concurrency: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof client !== 'object' || client === null || !('client' in client || typeof (client as { send?: unknown }).send === 'function')) {
    issues.push({ field: 'client', message: 'must be a MiroClient or a MiroApi' });
  }
  if (typeof boardId !== 'string' || boardId === '') issues.push({ field: 'boardId', message: 'must be a non-empty string' });
  if (items === null || (typeof items !== 'object' && typeof items !== 'function')) {
    issues.push({
      field: 'items',
      message: `must be an array, an iterable, a Promise or an Observable of items, got ${items === null ? 'null' : typeof items}`,
    });
  }
  if (options === null || typeof options !== 'object') issues.push({ field: 'options', message: 'must be an object' });
  if (!Number.isInteger(batchSize) || (batchSize as number) < 1 || (batchSize as number) > BULK_MAX_ITEMS) {
    issues.push({ field: 'options.batchSize', message: `must be an integer from 1 to ${BULK_MAX_ITEMS}, got ${String(batchSize)}` });
  }
  if (!Number.isInteger(concurrency) || (concurrency as number) < 1) {
    issues.push({ field: 'options.concurrency', message: `must be a positive integer, got ${String(concurrency)}` });
  }
  return issues;
}
