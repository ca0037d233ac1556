import type { Observable, ObservableInput } from 'rxjs';
import { MiroClient } from './client/miro-client.js';
import type { AccessTokenSource } from './http/access-token.js';
import { miroApiMethods, type MiroApiMethods } from './generated/miro-api-methods.js';
import type { RateLimitState } from './limiter/rate-limit-state.js';
import { DEFAULT_CREDIT_BUDGET, DEFAULT_CREDIT_WINDOW_MS } from './limiter/rate-limit-options.js';
import type { MiroApiOptions } from './miro-api-options.js';
import { bulkCreateItems, type BulkCreateOptions } from './bulk/bulk-create-items.js';
import type { BulkItem, BulkItemResult } from './bulk/bulk-item.js';
import { watchBoard } from './watch/watch-board.js';
import { budgetView } from './watch/budget-view.js';
import type { WatchBoardOptions } from './watch/watch-board-options.js';
import type { BoardChange } from './watch/board-change.js';
import type { BudgetView } from './watch/watch-pacing.js';
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
  readonly #watchBudget: () => BudgetView;

  /**
   * @param accessToken A token, or a function returning one (string, Promise or Observable),
   *   called before every request.
   */
  constructor(accessToken: AccessTokenSource, options: MiroApiOptions = {}) {
    this.client = new MiroClient(accessToken, options);
    this.rateLimitState$ = this.client.rateLimitState$;
    const planned = options.rateLimit === false ? {} : (options.rateLimit ?? {});
    this.#watchBudget = budgetView(this.rateLimitState$, planned.budget ?? DEFAULT_CREDIT_BUDGET, planned.windowMs ?? DEFAULT_CREDIT_WINDOW_MS);
  }

  /**
   * Creates any number of items in batches of up to 20 (JSON items and file items each through
   * their bulk endpoint), emitting one result per input in input order. See `bulkCreateItems`.
   */
  bulkCreateItems<T extends BulkItem>(boardId: string, items: ObservableInput<T>, options?: BulkCreateOptions): Observable<BulkItemResult<T>> {
    return bulkCreateItems(this.client, boardId, items, options);
  }

  /**
   * A board as a live stream: a snapshot of its items, then each item added, updated or
   * removed, read by polling within a share of the credit budget. See `watchBoard` and
   * docs/watch.md.
   */
  watchBoard(boardId: string, options?: WatchBoardOptions): Observable<BoardChange> {
    return watchBoard(this, this.#watchBudget, boardId, options);
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
