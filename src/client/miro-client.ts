import type { AxiosInstance } from 'axios';
import { EMPTY, Observable } from 'rxjs';
import { API_RESPONSE_ERRORS } from '../errors/error-factory.js';
import type { AccessTokenSource } from '../http/access-token.js';
import { buildRequest, type RequestTarget } from '../http/build-request.js';
import type { CallOptions, MiroResponse } from '../http/call-options.js';
import { NOT_ABORTED, type MiroHandler, type MiroHttpResponse } from '../http/miro-request.js';
import type { Operation } from '../http/operation.js';
import type { OperationInput } from '../http/operation-input.js';
import { validateInput, type ValidationScope } from '../http/validate-input.js';
import { requestPipeline } from '../http/request-pipeline.js';
import { maxWaitOf } from '../limiter/max-wait.js';
import { type SharedCreditBudget, sharedCreditLimiter } from '../limiter/shared-credit-limiters.js';
import { withCallRoute } from '../errors/call-errors.js';
import type { RateLimitState } from '../limiter/rate-limit-state.js';
import { DEFAULT_CREDIT_BUDGET, DEFAULT_CREDIT_WINDOW_MS } from '../limiter/rate-limit-options.js';
import { DEFAULT_BASE_URL, DEFAULT_SCIM_BASE_URL, DEFAULT_TIMEOUT_MS, type MiroApiOptions } from '../miro-api-options.js';
import { retryPolicy } from '../retry/retry-policy.js';
import { createMiroAxios, withMiroSteps } from '../transport/miro-axios.js';
import type { CallSettings } from '../transport/miro-call.js';
import { maxResponseBytesOption } from '../transport/response-size.js';
import { sendRequest$ } from '../transport/send-request.js';
import type { ClientTelemetry } from '../telemetry/miro-telemetry.js';
import { telemetryOption } from '../telemetry/telemetry-default.js';
import { tracedWork$ } from '../telemetry/traced-work.js';

/** Options of `new MiroClient(token, options)`: exactly those of `MiroApi`. */
export type MiroClientOptions = MiroApiOptions;

/** The credit budget a client spends (shared by every client spending it); undefined with `rateLimit: false`. Not public. */
export let budgetOf: (client: MiroClient) => SharedCreditBudget | undefined;

/**
 * Sends a call whose body miro-rx itself has already checked against the operation's schema and
 * limits (a bulk batch, made of items checked one by one): only its path and query are checked.
 * Not public: a caller's own body is always checked.
 */
export let sendCheckedBody: (client: MiroClient, operation: Operation, input: OperationInput, options?: CallOptions) => Observable<unknown>;

/** The client's telemetry (undefined for anything but a client), for paginators, bulk creation and watches to put their calls under one span. Not public. */
export let telemetryOf: (client: MiroClient) => ClientTelemetry | undefined;

/** The budget and window the client was configured with (defaults filled in), for helpers that pace themselves. Not public. */
export let creditPlanOf: (client: MiroClient) => CreditPlan;

/** What a client plans to spend per window before any answer tells it better. */
export interface CreditPlan {
  budget: number;
  windowMs: number;
}

/**
 * The core of miro-rx: it sends any operation through one axios instance (`axios`), on which
 * axios-retry repeats failed attempts by Miro's rules and every attempt passes the credit
 * limiter (a Bottleneck job of its weight in credits) before the adapter sends it. Each operation function of `miro-rx/operations` takes one as its first
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
  /**
   * The axios instance every call goes through: interceptors added here see every attempt,
   * retries included (without the Authorization header, which is set after them). The
   * `axios` option's instance when one was given.
   */
  readonly axios: AxiosInstance;
  readonly #target: RequestTarget;
  readonly #handler: MiroHandler;
  readonly #budget: SharedCreditBudget | undefined;
  readonly #plan: CreditPlan;
  readonly #telemetry: ClientTelemetry | undefined;

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
    const planned = options.rateLimit === false ? {} : (options.rateLimit ?? {});
    this.#plan = { budget: planned.budget ?? DEFAULT_CREDIT_BUDGET, windowMs: planned.windowMs ?? DEFAULT_CREDIT_WINDOW_MS };
    const limiter = options.rateLimit === false ? undefined : sharedCreditLimiter(accessToken, this.#target.baseUrl, options.rateLimit ?? {});
    this.rateLimitState$ = limiter?.state$ ?? EMPTY;
    this.#budget = limiter;
    this.#telemetry = telemetryOption(options.telemetry)?.client(limiter);
    const settings: CallSettings = {
      token: accessToken,
      limiter,
      maxWaitMs: maxWaitOf(options.rateLimit || {}, options.retry),
      retry: options.retry === false ? undefined : retryPolicy(options.retry),
      maxResponseBytes: maxResponseBytesOption(options.maxResponseBytes),
      responseErrors: API_RESPONSE_ERRORS,
      logger: options.logger,
      telemetry: this.#telemetry,
    };
    this.axios = withMiroSteps(options.axios ?? createMiroAxios());
    this.#handler = requestPipeline(options.interceptors ?? [], (request) => sendRequest$(this.axios, request, settings));
  }

  /**
   * Validates a call, then sends it through the pipeline: the one path every operation takes.
   * Cold: nothing happens before subscription, each subscription is one call, unsubscribing
   * aborts it. Invalid input fails with `MiroValidationError` and sends nothing.
   */
  send(operation: Operation, input: OperationInput, options: CallOptions = {}): Observable<unknown> {
    return this.#send(operation, input, options, {});
  }

  static {
    budgetOf = (client) => client.#budget;
    sendCheckedBody = (client, operation, input, options = {}) => client.#send(operation, input, options, { bodyChecked: true });
    creditPlanOf = (client) => client.#plan;
    telemetryOf = (client) => (typeof client === 'object' && client !== null && #telemetry in client ? client.#telemetry : undefined);
  }

  /** Unsubscribing tears the call down (sendRequest$ aborts it); the caller's own signal travels as `request.signal`. */
  #send(operation: Operation, input: OperationInput, options: CallOptions, scope: ValidationScope): Observable<unknown> {
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
        const telemetry = this.#telemetry;
        // The call's span (when one records) starts here, so it spans the interceptors, the token, waits and retries.
        const call$ = tracedWork$(telemetry && (() => telemetry.call(operation)), () => this.#handler(request));
        return call$.subscribe({
          next: (response) => subscriber.next(whole ? wholeResponse(response) : response.body),
          // The token reader runs before the route is known to it: a token failure gets it here.
          error: (error: unknown) => subscriber.error(withCallRoute(error, operation, request.path)),
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
