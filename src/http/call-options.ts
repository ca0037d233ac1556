/** Per-call options, in the style of Angular's HttpClient. */
export interface CallOptions {
  /** `'body'` (default) emits the parsed body; `'response'` emits status, headers and body. */
  observe?: 'body' | 'response';
  /** Aborts the request when it fires, as unsubscribing does. */
  signal?: AbortSignal;
  /** Extra request headers. `Authorization` is always set by the client. */
  headers?: Record<string, string>;
  /** Overrides the client's timeout for this call, in milliseconds. */
  timeoutMs?: number;
  /**
   * The caller vouches that sending this call twice has the effect of sending it once (it
   * carries an idempotency key, such as the `request_id` of a board export), so a retry may
   * re-send it even when Miro may already have acted. Default false: a POST is re-sent only
   * when it certainly never reached Miro.
   */
  repeatable?: boolean;
}

/** Options of a call that emits the parsed body. */
export type BodyOptions = CallOptions & { observe?: 'body' };

/** Options of a call that emits the whole response. */
export type ResponseOptions = CallOptions & { observe: 'response' };

/** What a call emits with `observe: 'response'`. */
export interface MiroResponse<T> {
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  body: T;
  /** Credits state Miro reported with this answer, when it did. */
  rateLimit?: RateLimitHeaders;
}

/** Miro's `X-RateLimit-*` headers, parsed. */
export interface RateLimitHeaders {
  /** Credits per window. */
  limit: number;
  /** Credits left in the current window. */
  remaining: number;
  /** When the window resets, in epoch milliseconds. */
  resetAt: number;
}
