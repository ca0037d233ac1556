import type { Observable } from 'rxjs';
import type { HttpMethod, Operation } from './operation.js';
import type { RateLimitHeaders } from './call-options.js';

/** One request as it travels through the pipeline. Interceptors return modified copies. */
export interface MiroRequest {
  readonly operation: Operation;
  readonly method: HttpMethod;
  /** Absolute URL with its query string. */
  readonly url: string;
  /** URL path without the query string, for errors and logs (the query may carry a token). */
  readonly path: string;
  /** JSON value, FormData, or undefined. */
  readonly body?: unknown;
  readonly headers: Readonly<Record<string, string>>;
  /** Credits Miro will charge for this request (N x 100 for a bulk call of N items). */
  readonly creditCost: number;
  /** Items in a bulk request, 1 otherwise. */
  readonly itemCount: number;
  readonly timeoutMs: number;
  /**
   * The call's own `timeoutMs` option, when it gave one (not the client's default): it also
   * bounds the call's wait for credits in the limiter's queue (credit-call.ts).
   */
  readonly callTimeoutMs?: number;
  /**
   * The caller's AbortSignal (`NOT_ABORTED` when they gave none). Unsubscribing does not fire
   * it: it tears the pipeline down, so an interceptor cleans up in its teardown.
   */
  readonly signal: AbortSignal;
  /** The caller vouches that sending it twice equals once (`CallOptions.repeatable`). */
  readonly repeatable?: boolean;
  /** 1 for the first attempt; retries count up. */
  readonly attempt: number;
}

/**
 * What sending reads of a request: an operation's, or the OAuth token endpoint's (which is not
 * in Miro's document, so it has no full operation).
 */
export type SendableRequest = Pick<MiroRequest, 'method' | 'url' | 'path' | 'body' | 'headers' | 'timeoutMs' | 'signal' | 'attempt'> & {
  readonly operation: Pick<Operation, 'operationId' | 'emptyResponse' | 'successMayBeEmpty'>;
};

/** A response with status 2xx; any other status arrives as a `MiroApiError`. */
export interface MiroHttpResponse {
  readonly status: number;
  /** Reads one header by lower-case name. */
  readonly header: (name: string) => string | undefined;
  /** All headers with lower-case names. */
  readonly headers: () => Record<string, string>;
  readonly body: unknown;
  readonly rateLimit?: RateLimitHeaders;
}

/** Sends a request on: the rest of the pipeline. */
export type MiroHandler = (request: MiroRequest) => Observable<MiroHttpResponse>;

/**
 * A step of the request pipeline, like Angular's functional interceptors: it may change the
 * request, delay it, retry it (by calling `next` again) or map the answer.
 */
export type MiroInterceptor = (request: MiroRequest, next: MiroHandler) => Observable<MiroHttpResponse>;

/** The signal of a call made without one: it never fires, and one instance serves every call. */
export const NOT_ABORTED: AbortSignal = new AbortController().signal;
