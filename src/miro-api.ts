import { EMPTY, Observable, type ObservableInput } from 'rxjs';
import { MiroApiPaginators } from './generated/miro-api-paginators.js';
import type { CallOptions, MiroResponse } from './http/call-options.js';
import type { Operation } from './http/operation.js';
import type { OperationInput } from './http/operation-input.js';
import { NOT_ABORTED, type MiroHandler } from './http/miro-request.js';
import type { AccessTokenSource } from './http/access-token.js';
import { validateInput } from './http/validate-input.js';
import { buildRequest, type RequestTarget } from './http/build-request.js';
import { requestPipeline } from './http/request-pipeline.js';
import { authorize } from './http/authorize.js';
import { requestLog } from './http/request-log.js';
import { axiosTransport, createMiroAxios } from './transport/axios-transport.js';
import { sharedCreditLimiter } from './limiter/shared-credit-limiters.js';
import { creditLimiterInterceptor } from './limiter/credit-limiter-interceptor.js';
import { maxWaitOf } from './limiter/max-wait.js';
import type { RateLimitState } from './limiter/rate-limit-state.js';
import { retryInterceptor } from './retry/retry-interceptor.js';
import { DEFAULT_BASE_URL, DEFAULT_SCIM_BASE_URL, DEFAULT_TIMEOUT_MS, type MiroApiOptions } from './miro-api-options.js';
import { bulkLimitIssues } from './bulk/bulk-limits.js';
import { bulkCreateItems, type BulkCreateOptions } from './bulk/bulk-create-items.js';
import type { BulkItem, BulkItemResult } from './bulk/bulk-item.js';
import { DEFAULT_CREDIT_BUDGET, DEFAULT_CREDIT_WINDOW_MS } from './limiter/rate-limit-options.js';
import { watchBoard } from './watch/watch-board.js';
import { budgetView } from './watch/budget-view.js';
import type { WatchBoardOptions } from './watch/watch-board-options.js';
import type { BoardChange } from './watch/board-change.js';
import type { BudgetView } from './watch/watch-pacing.js';

/** Limits the document states only in prose, checked with the schemas before anything is sent. */
const INPUT_RULES = [bulkLimitIssues];

/**
 * Stateless client of Miro's REST API: one method per operation, each returning a cold
 * Observable. Nothing is sent until you subscribe; each subscription sends one request;
 * unsubscribing aborts it.
 *
 * @example
 * ```ts
 * const api = new MiroApi(process.env.MIRO_ACCESS_TOKEN!);
 * api.getSpecificBoard('uXjVOfjkmAk=').subscribe((board) => console.log(board.name));
 * const board = await firstValueFrom(api.getSpecificBoard('uXjVOfjkmAk='));
 * ```
 */
export class MiroApi extends MiroApiPaginators {
  readonly #target: RequestTarget;
  readonly #handler: MiroHandler;
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
    super();
    if (typeof accessToken !== 'string' && typeof accessToken !== 'function') {
      throw new TypeError('MiroApi: accessToken must be a string or a function that returns one');
    }
    this.#target = {
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      scimBaseUrl: options.scimBaseUrl ?? DEFAULT_SCIM_BASE_URL,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    };
    // Retry sits before the limiter so that every attempt is charged its credits again.
    const limiter = options.rateLimit === false ? undefined : sharedCreditLimiter(accessToken, this.#target.baseUrl, options.rateLimit ?? {});
    this.rateLimitState$ = limiter?.state$ ?? EMPTY;
    const planned = options.rateLimit === false ? {} : (options.rateLimit ?? {});
    this.#watchBudget = budgetView(this.rateLimitState$, planned.budget ?? DEFAULT_CREDIT_BUDGET, planned.windowMs ?? DEFAULT_CREDIT_WINDOW_MS);
    this.#handler = requestPipeline(
      [
        ...(options.interceptors ?? []),
        ...(options.retry === false ? [] : [retryInterceptor(options.retry)]),
        ...(limiter ? [creditLimiterInterceptor(limiter, maxWaitOf(options.rateLimit || {}, options.retry))] : []),
        authorize(accessToken),
        ...(options.logger ? [requestLog(options.logger)] : []),
      ],
      axiosTransport(options.axios ?? createMiroAxios(), { maxResponseBytes: options.maxResponseBytes }),
    );
  }

  /**
   * Creates any number of items in batches of up to 20 (JSON items and file items each through
   * their bulk endpoint), emitting one result per input in input order. See `bulkCreateItems`.
   */
  bulkCreateItems<T extends BulkItem>(boardId: string, items: ObservableInput<T>, options?: BulkCreateOptions): Observable<BulkItemResult<T>> {
    return bulkCreateItems(this, boardId, items, options);
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
   * Validates, then sends through the pipeline: the one path every operation takes.
   * Unsubscribing tears the pipeline down (the transport aborts its exchange); the caller's
   * own signal travels as `request.signal`. No AbortController is made here: creating one
   * per call was a tenth of the client's CPU time per request.
   */
  protected send(operation: Operation, input: OperationInput, options: CallOptions = {}): Observable<unknown> {
    return new Observable<unknown>((subscriber) => {
      try {
        validateInput(operation, input, INPUT_RULES);
        const request = buildRequest(operation, input, this.#target, {
          headers: options.headers,
          timeoutMs: options.timeoutMs,
          signal: options.signal ?? NOT_ABORTED,
        });
        const whole = options.observe === 'response';
        return this.#handler(request).subscribe({
          next: (response) =>
            subscriber.next(
              whole
                ? ({ status: response.status, headers: response.headers(), body: response.body, rateLimit: response.rateLimit } satisfies MiroResponse<unknown>)
                : response.body,
            ),
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        });
      } catch (error) {
        subscriber.error(error);
        return undefined;
      }
    });
  }
}
