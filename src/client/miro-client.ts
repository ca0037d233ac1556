import { EMPTY, Observable } from 'rxjs';
import type { AccessTokenSource } from '../http/access-token.js';
import { buildRequest, type RequestTarget } from '../http/build-request.js';
import type { CallOptions, MiroResponse } from '../http/call-options.js';
import { NOT_ABORTED, type MiroHandler, type MiroHttpResponse } from '../http/miro-request.js';
import type { Operation } from '../http/operation.js';
import type { OperationInput } from '../http/operation-input.js';
import { validateInput, type ValidationScope } from '../http/validate-input.js';
import { sharedCreditLimiter } from '../limiter/shared-credit-limiters.js';
import type { RateLimitState } from '../limiter/rate-limit-state.js';
import { DEFAULT_BASE_URL, DEFAULT_SCIM_BASE_URL, DEFAULT_TIMEOUT_MS, type MiroApiOptions } from '../miro-api-options.js';
import { clientPipeline } from './client-pipeline.js';

/** Options of `new MiroClient(token, options)`: exactly those of `MiroApi`. */
export type MiroClientOptions = MiroApiOptions;

/**
 * Sends a call whose body miro-rx itself has already checked against the operation's schema and
 * limits (a bulk batch, made of items checked one by one): only its path and query are checked.
 * Not public: a caller's own body is always checked.
 */
export let sendCheckedBody: (client: MiroClient, operation: Operation, input: OperationInput, options?: CallOptions) => Observable<unknown>;

/**
 * The core of miro-rx: one request pipeline (token, retries, credit limiter, transport) that
 * sends any operation. Each operation function of `miro-rx/operations` takes one as its first
 * argument; `MiroApi` holds one and delegates every method to it.
 *
 * @example
 * ```ts
 * import { MiroClient } from 'miro-rx';
 * import { getSpecificBoard } from 'miro-rx/operations';
 *
 * const client = new MiroClient(process.env.MIRO_ACCESS_TOKEN!);
 * getSpecificBoard(client, 'uXjVOfjkmAk=').subscribe((board) => console.log(board.name));
 * ```
 */
export class MiroClient {
  /**
   * The credit limiter's state after every change (credits left, queued, in flight, 429s,
   * time spent waiting); shared by every client spending the same budget. Completes at once
   * when `rateLimit: false`.
   */
  readonly rateLimitState$: Observable<RateLimitState>;
  readonly #target: RequestTarget;
  readonly #handler: MiroHandler;

  /**
   * @param accessToken A token, or a function returning one (string, Promise or Observable),
   *   called before every request.
   */
  constructor(accessToken: AccessTokenSource, options: MiroClientOptions = {}) {
    if (typeof accessToken !== 'string' && typeof accessToken !== 'function') {
      throw new TypeError('miro-rx: accessToken must be a string or a function that returns one');
    }
    this.#target = {
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      scimBaseUrl: options.scimBaseUrl ?? DEFAULT_SCIM_BASE_URL,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    };
    const limiter = options.rateLimit === false ? undefined : sharedCreditLimiter(accessToken, this.#target.baseUrl, options.rateLimit ?? {});
    this.rateLimitState$ = limiter?.state$ ?? EMPTY;
    this.#handler = clientPipeline(accessToken, options, limiter);
  }

  /**
   * Validates a call, then sends it through the pipeline: the one path every operation takes.
   * Cold: nothing happens before subscription, each subscription is one call, unsubscribing
   * aborts it. Invalid input fails with `MiroValidationError` and sends nothing.
   */
  send(operation: Operation, input: OperationInput, options: CallOptions = {}): Observable<unknown> {
    return this.#exchange(operation, input, options, {});
  }

  static {
    sendCheckedBody = (client, operation, input, options = {}) => client.#exchange(operation, input, options, { bodyChecked: true });
  }

  /**
   * Unsubscribing tears the pipeline down (the transport aborts its exchange); the caller's own
   * signal travels as `request.signal`. No AbortController is made here: creating one per call
   * was a tenth of the client's CPU time per request.
   */
  #exchange(operation: Operation, input: OperationInput, options: CallOptions, scope: ValidationScope): Observable<unknown> {
    return new Observable<unknown>((subscriber) => {
      try {
        validateInput(operation, input, scope);
        const request = buildRequest(operation, input, this.#target, {
          headers: options.headers,
          timeoutMs: options.timeoutMs,
          signal: options.signal ?? NOT_ABORTED,
          repeatable: options.repeatable,
        });
        const whole = options.observe === 'response';
        return this.#handler(request).subscribe({
          next: (response) => subscriber.next(whole ? wholeResponse(response) : response.body),
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

/** What a call emits with `observe: 'response'`. */
function wholeResponse(response: MiroHttpResponse): MiroResponse<unknown> {
  return { status: response.status, headers: response.headers(), body: response.body, rateLimit: response.rateLimit };
}
