import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios';
import { Observable } from 'rxjs';
import { NOT_ABORTED, type MiroHttpResponse } from '../http/miro-request.js';
import {
  abortedBeforeSending,
  answerTooLarge,
  API_ANSWER_ERRORS,
  type AnswerErrors,
  errorFromFailure,
  type HeaderReader,
  requestContext,
} from '../errors/error-factory.js';
import { MAX_TIMER_DELAY_MS, parseRateLimitHeaders } from './rate-limit-headers.js';
import { MiroError } from '../errors/miro-errors.js';
import { maxResponseBytesOption } from './response-size.js';
import type { ExchangeRequest } from './exchange-request.js';
import { parseWithInt64 } from './int64-json.js';
import { nodeHttpAdapter, nodeHttpModules, type NodeHttpModules } from './node-http-adapter.js';

/**
 * The axios instance miro-rx uses unless given one. No redirects: Miro's API never redirects,
 * and skipping the redirect wrapper doubles loopback throughput in Node. In Node the lean
 * adapter sends on keep-alive agents (its modules found at run time, so nothing Node-only is
 * imported here); in browsers, and in Node before 20.16, axios's own adapter does.
 *
 * axios merges its default headers and runs its request transforms on every call; miro-rx sets
 * every header itself and sends bodies already serialised (JSON text or FormData, which axios's
 * transform passes through unchanged), so this instance carries neither.
 */
export function createMiroAxios(modules: NodeHttpModules | undefined = nodeHttpModules()): AxiosInstance {
  const adapter = modules ? nodeHttpAdapter(modules, axios.getAdapter(axios.defaults.adapter)) : undefined;
  const client = axios.create({ maxRedirects: 0, transformRequest: [], ...(adapter ? { adapter } : {}) });
  client.defaults.headers = {} as AxiosInstance['defaults']['headers'];
  return client;
}

/**
 * axios settings for an exchange that miro-rx reads itself: the body as text (parsed once, with
 * a clear error for broken JSON), every status resolved (errors are built in one place), and
 * timeouts reported as timeouts.
 */
export const RAW_EXCHANGE = {
  responseType: 'text',
  transformResponse: (data: string) => data,
  validateStatus: () => true,
  transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
} as const satisfies AxiosRequestConfig;

const WATCH_DOWNLOADS = typeof (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest === 'function';

/** Settings of the transport step. */
export interface TransportOptions {
  /** Longest answer accepted, in bytes after decompression. Default 50 MB. */
  maxResponseBytes?: number;
  /** How unusable answers become errors. Default: the API's (`MiroApiError`). */
  answerErrors?: AnswerErrors;
}

/** Sends one exchange; the pipeline's last step, and the token endpoint's only one. */
export type Transport = (request: ExchangeRequest) => Observable<MiroHttpResponse>;

/**
 * The last step of the pipeline: one HTTP exchange, aborted when the subscriber leaves. An
 * answer longer than `maxResponseBytes` is dropped while it arrives, under every adapter:
 * axios's Node and fetch adapters and the lean one enforce `maxContentLength` on the decoded
 * stream; XMLHttpRequest (browsers) is stopped from its download progress.
 */
export function axiosTransport(client: AxiosInstance, options: TransportOptions = {}): Transport {
  const maxResponseBytes = maxResponseBytesOption(options.maxResponseBytes);
  const answerErrors = options.answerErrors ?? API_ANSWER_ERRORS;
  return (request) =>
    new Observable<MiroHttpResponse>((subscriber) => {
      if (request.signal.aborted) {
        // Given up before it started: certainly never sent, so safe to send again.
        subscriber.error(abortedBeforeSending(request));
        return undefined;
      }
      // A CancelToken, not an AbortSignal: axios's signal path cost ~15% of a loopback
      // request's CPU (EventTarget listeners), the token path does the same job without them.
      const cancellation = axios.CancelToken.source();
      const abort = () => cancellation.cancel();
      // A call without a signal of its own is aborted by teardown alone.
      const listens = request.signal !== NOT_ABORTED;
      if (listens) request.signal.addEventListener('abort', abort, { once: true });
      let settled = false;
      let tooLarge = false;
      let timedOut = false;
      // The one timer of the exchange, under every adapter: axios's `timeout` is not passed, as its
      // own Node adapter would time only an idle socket (an answer that trickles in outlasts it)
      // and the lean adapter would set a second timer for the same deadline.
      const ms = request.timeoutMs;
      const deadline =
        ms > 0 && ms <= MAX_TIMER_DELAY_MS
          ? setTimeout(() => {
              timedOut = true;
              cancellation.cancel();
            }, ms)
          : undefined;
      // XMLHttpRequest has no size limit of its own: watch its progress. Only where it exists,
      // so that in Node the lean adapter (which leaves progress callbacks to axios) still sends.
      const onDownloadProgress = WATCH_DOWNLOADS
        ? (event: { loaded: number }) => {
            if (event.loaded <= maxResponseBytes || tooLarge) return;
            tooLarge = true;
            cancellation.cancel();
          }
        : undefined;
      client
        .request<string>({
          method: request.method,
          url: request.url,
          data: request.body,
          // axios gives a POST/PUT/PATCH without data a form content type; `false` stops it.
          headers: request.body === undefined && !('content-type' in request.headers) ? { ...request.headers, 'content-type': false } : request.headers,
          cancelToken: cancellation.token,
          maxContentLength: maxResponseBytes,
          ...(onDownloadProgress ? { onDownloadProgress } : {}),
          ...RAW_EXCHANGE,
        })
        .then(
          (response) => {
            settled = true;
            clearTimeout(deadline);
            const headers = response.headers as Record<string, unknown>;
            const header = (name: string) => {
              const value = headers[name];
              return value === undefined || value === null ? undefined : String(value);
            };
            // Characters never outnumber bytes: a longer text slipped past a progress check.
            if (typeof response.data === 'string' && response.data.length > maxResponseBytes) {
              return subscriber.error(answerTooLarge(requestContext(request), maxResponseBytes));
            }
            const parsed = parseBody(request, response.status, header, response.data, answerErrors);
            if (parsed instanceof MiroError) return subscriber.error(parsed);
            if (response.status < 200 || response.status >= 300) {
              return subscriber.error(answerErrors.refused(request, response.status, header, parsed));
            }
            subscriber.next({
              status: response.status,
              header,
              headers: () => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)])),
              body: parsed,
              rateLimit: parseRateLimitHeaders(header),
            });
            subscriber.complete();
          },
          (failure: unknown) => {
            settled = true;
            clearTimeout(deadline);
            const context = requestContext(request);
            if (tooLarge) return subscriber.error(answerTooLarge(context, maxResponseBytes));
            const limits = { timeoutMs: request.timeoutMs, maxResponseBytes };
            subscriber.error(errorFromFailure(context, limits, timedOut ? { code: 'ECONNABORTED' } : failure));
          },
        );
      return () => {
        if (listens) request.signal.removeEventListener('abort', abort);
        clearTimeout(deadline);
        if (!settled) cancellation.cancel();
      };
    });
}

function parseBody(request: ExchangeRequest, status: number, header: HeaderReader, text: string | undefined, errors: AnswerErrors): unknown {
  const type = header('content-type') ?? '';
  if (text === undefined || text === '' || status === 204) {
    // A success that promises JSON but carries nothing (a cut answer, a proxy's empty page)
    // must not reach the caller as `undefined` in place of a board.
    const promisedJson = status >= 200 && status < 300 && status !== 204 && /json/i.test(type);
    if (promisedJson && !request.operation.emptyResponse) return errors.invalid(request, status, header, 'answer body is empty');
    return undefined;
  }
  if (!/json/i.test(type) && !/^\s*[[{]/.test(text)) {
    if (status >= 400) return { message: text.slice(0, 200) };
    // Every Miro operation answers JSON: text on a success is someone else's page (a proxy's).
    if (status >= 200 && status < 300) return errors.invalid(request, status, header, `answer is not JSON (content type ${type.slice(0, 60) || 'none'})`);
    return text;
  }
  try {
    return parseWithInt64(text);
  } catch {
    return errors.invalid(request, status, header, 'answer is not valid JSON');
  }
}
