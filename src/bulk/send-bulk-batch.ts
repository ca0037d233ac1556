import { catchError, concat, defer, map, of, tap, type Observable } from 'rxjs';
import { sendCheckedBody, type MiroClient } from '../client/miro-client.js';
import { createItemsOperation } from '../generated/operations/create-items.js';
import { createItemsInBulkUsingFileFromDeviceOperation } from '../generated/operations/create-items-in-bulk-using-file-from-device.js';
import type { Item, Items } from '../generated/types.js';
import { MiroApiError, MiroError } from '../errors/miro-errors.js';
import { fileItemDescription, type BulkItemResult } from './bulk-item.js';
import type { BulkBatch } from './bulk-batches.js';

/** What bulk creation sends through: a `MiroClient`, or a `MiroApi` (which holds one). */
export type BulkCreateClient = MiroClient | { readonly client: MiroClient };

/** Statuses that mean "Miro refused the content of this batch": worth splitting to find the bad item. */
const BISECTED_STATUSES = [400, 413];

/** What sending a batch needs to know. */
export interface BulkBatchContext {
  client: MiroClient;
  boardId: string;
  bisect: boolean;
  /** Called when a call is about to be sent (bisection halves included), with its item count. */
  onRequest: (itemCount: number) => void;
  /** Called when that call ends, whatever the outcome. */
  onRequestEnd: (itemCount: number) => void;
  /** Subscribes a call within the upload's span, so that it is a child of it. */
  inside: <U>(call$: Observable<U>) => Observable<U>;
}

/**
 * Sends one batch and maps Miro's answer back to the inputs, in order. A failed call is never
 * dropped: each of its inputs is reported with the call's error. Retries of 429s and of calls
 * that never left belong to the client's retry layer, so none is added here. With `bisect`,
 * a batch Miro refused for its content (400, 413) is split in halves and each half is sent
 * again, recursively, until the items at fault are alone; the others are created.
 */
export function sendBulkBatch(batch: BulkBatch, context: BulkBatchContext): Observable<BulkItemResult[]> {
  return defer(() => {
    const itemCount = batch.entries.length;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      context.onRequestEnd(itemCount);
    };
    context.onRequest(itemCount);
    // Ended before its results are counted, and also when aborted.
    return request$(batch, context).pipe(tap({ next: end, error: end, finalize: end }));
  }).pipe(
    map((answer) => pairWithInputs(batch, answer)),
    catchError((error: unknown) => {
      if (context.bisect && batch.entries.length > 1 && error instanceof MiroApiError && BISECTED_STATUSES.includes(error.status)) {
        const [first, second] = halves(batch);
        return concat(sendBulkBatch(first, context), sendBulkBatch(second, context));
      }
      const reason = error instanceof Error ? error : new MiroError(`bulk call failed: ${String(error)}`);
      return of(batch.entries.map(({ index, input }): BulkItemResult => ({ index, input, error: reason })));
    }),
  );
}

/**
 * Each item passed its checks alone in bulkEntry, and intoBulkBatches kept every batch within
 * Miro's limits: the batch body is not validated a second time (its board id still is).
 */
function request$(batch: BulkBatch, { client, boardId, inside }: BulkBatchContext): Observable<Items> {
  if (batch.kind === 'json') {
    return inside(sendCheckedBody(client, createItemsOperation, { path: [boardId], body: batch.entries.map((entry) => entry.input) }) as Observable<Items>);
  }
  const body = { data: batch.entries.map((entry) => fileItemDescription(entry.input)), resources: batch.entries.map((entry) => entry.input.file) };
  return inside(sendCheckedBody(client, createItemsInBulkUsingFileFromDeviceOperation, { path: [boardId], body }) as Observable<Items>);
}

/** Miro answers with the created items in the order they were sent. */
function pairWithInputs(batch: BulkBatch, answer: Items): BulkItemResult[] {
  const created: unknown = (answer as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(created) || created.length !== batch.entries.length) {
    const count = Array.isArray(created) ? created.length : 'no';
    const error = new MiroError(
      `bulk answer listed ${count} items for ${batch.entries.length} sent; the items may have been created, check the board before sending them again`,
    );
    return batch.entries.map(({ index, input }) => ({ index, input, error }));
  }
  return batch.entries.map(({ index, input }, position) => ({ index, input, item: created[position] as Item }));
}

function halves(batch: BulkBatch): [BulkBatch, BulkBatch] {
  const middle = Math.ceil(batch.entries.length / 2);
  // Both halves keep the batch's kind; the casts only restate that for TypeScript.
  return [{ kind: batch.kind, entries: batch.entries.slice(0, middle) } as BulkBatch, { kind: batch.kind, entries: batch.entries.slice(middle) } as BulkBatch];
}
