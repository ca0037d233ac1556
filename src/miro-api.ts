import { throwError, type Observable, type ObservableInput } from 'rxjs';
import { MiroClient } from './client/miro-client.js';
import type { AccessTokenSource } from './http/access-token.js';
import { miroApiMethods, type MiroApiMethods } from './generated/miro-api-methods.js';
import type { RateLimitState } from './limiter/rate-limit-state.js';
import type { MiroApiOptions } from './miro-api-options.js';
import { bulkCreateItems, type BulkCreateOptions } from './bulk/bulk-create-items.js';
import type { BulkItem, BulkItemResult } from './bulk/bulk-item.js';
import type { ExactBulkItem } from './bulk/exact-bulk-item.js';
import { watchBoard } from './watch/watch-board.js';
import type { WatchBoardOptions } from './watch/watch-board-options.js';
import type { BoardChange } from './watch/board-change.js';
import type { Operation } from './http/operation.js';
import { miroApiGivenAsClient } from './errors/call-errors.js';
import { exportBoards } from './export/export-boards.js';
import type { ExportBoardsOptions } from './export/export-boards-options.js';
import type { BoardExportEvent } from './export/export-event.js';

/** Every generated method, declared by `MiroApiMethods` and installed below. */
export interface MiroApi extends MiroApiMethods {}

/**
 * Stateless client of Miro's REST API: one method per operation, each returning a cold
 * Observable. Nothing is sent until you subscribe; each subscription sends one request;
 * unsubscribing aborts it. Each method is the function of the same name in
 * `miro-rx/operations`, called with this API's `client`.
 *
 * @example
 * ```ts
 * const api = new MiroApi(process.env.MIRO_ACCESS_TOKEN!);
 * api.getSpecificBoard('uXjVOfjkmAk=').subscribe((board) => console.log(board.name));
 * const board = await firstValueFrom(api.getSpecificBoard('uXjVOfjkmAk='));
 * ```
 */
// The interface above declares the generated methods that the loop below installs.
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: every method the interface declares is installed on the prototype below
export class MiroApi {
  /** The core that sends every call: pass it to the functions of `miro-rx/operations`. */
  readonly client: MiroClient;
  /**
   * The credit limiter's state after every change (credits left, queued, in flight, 429s,
   * time spent waiting); shared by every client spending the same budget. Completes at once
   * when `rateLimit: false`.
   */
  readonly rateLimitState$: Observable<RateLimitState>;

  /**
   * @param accessToken A token, or a function returning one (string, Promise or Observable),
   *   called before every request.
   */
  constructor(accessToken: AccessTokenSource, options: MiroApiOptions = {}) {
    this.client = new MiroClient(accessToken, options);
    this.rateLimitState$ = this.client.rateLimitState$;
  }

  /**
   * Creates any number of items in batches of up to 20 (JSON items and file items each through
   * their bulk endpoint), emitting one result per input in input order. Each call reserves its
   * N x 100 credits in this API's limiter before it leaves. Cold: nothing is read or sent before
   * subscription; unsubscribing aborts the calls in flight and sends no more. See
   * `bulkCreateItems` and docs/bulk.md.
   *
   * @param boardId The board to create the items on.
   * @param items The inputs: an array, any iterable, a Promise or an Observable of items. A
   *   JSON item is `{ type, data, style?, position?, geometry?, parent? }`; an item with a
   *   `file` (image or document) goes to the from-device bulk call. A field that an item's
   *   `type` lacks (a sticky note's `data.url`) is a compile error naming it (`ExactBulkItem`).
   * @param options `batchSize` (items per call, 1..20, default 20), `concurrency` (calls in
   *   flight, default 4), `bisect` (split a batch Miro refuses for its content until the bad
   *   items are alone, default `false`), `progress` (a function or observer of `BulkProgress`:
   *   calls and items in flight counted apart, `total` known at once for an array).
   * @returns One `{ index, input, item }` or `{ index, input, error }` per input, in input order.
   *
   * Failure rules: bad arguments (`boardId`, `items`, `options`) fail the Observable at once with
   * a `MiroValidationError` and send nothing. An input refused before sending (bad shape, file
   * over 6 MB) is reported alone with its `MiroValidationError`. A failed call reports each of
   * its inputs with the call's error (Miro's bulk calls are transactional: none of them was
   * created); with `bisect`, only the inputs at fault keep the error. A batch costing more than
   * the credit budget can ever grant reports its inputs with `MiroCreditBudgetError` at once
   * instead of waiting (lower `batchSize`). If
   * `items` errors, the inputs already read are created and reported, then the error is passed on.
   */
  bulkCreateItems<T extends BulkItem>(
    boardId: string,
    items: ObservableInput<T & ExactBulkItem<T>>,
    options?: BulkCreateOptions,
  ): Observable<BulkItemResult<T>> {
    return bulkCreateItems<T>(this.client, boardId, items, options);
  }

  /**
   * A board as a live stream: a snapshot of its items, then each item added, updated or
   * removed, read by polling within a share of the credit budget. The same as `watchBoard` of
   * `miro-rx/operations` given `api.client` (the two share pollers). See docs/watch.md.
   */
  watchBoard(boardId: string, options?: WatchBoardOptions): Observable<BoardChange> {
    return watchBoard(this.client, boardId, options);
  }

  /**
   * Exports boards of an organisation through export jobs polled within a share of the credit
   * budget, emitting the jobs created, their progress and one result per board. See
   * `exportBoards` and docs/export.md.
   */
  exportBoards(orgId: string, boardIds: readonly string[], options?: ExportBoardsOptions): Observable<BoardExportEvent> {
    return exportBoards(this.client, orgId, boardIds, options);
  }
}

// One method per operation function (and streaming helper): the function, given this API's client.
for (const [name, send] of Object.entries(miroApiMethods) as Array<[string, (client: MiroClient, ...args: unknown[]) => unknown]>) {
  Object.defineProperty(MiroApi.prototype, name, {
    value: function (this: MiroApi, ...args: unknown[]) {
      return send(this.client, ...args);
    },
    writable: true,
    configurable: true,
  });
}

// Operation functions call `client.send(...)`: a MiroApi given in place of its client fails
// with an error that names the fix instead of "send is not a function". Not enumerable and not
// typed, so it is no part of MiroApi's surface.
Object.defineProperty(MiroApi.prototype, 'send', {
  value: (operation: Operation) => throwError(() => miroApiGivenAsClient(operation)),
  writable: true,
  configurable: true,
});
