import type { AxiosAdapter, AxiosInstance, AxiosRequestConfig, AxiosResponse, AxiosStatic } from 'axios';
import type { ExchangeRequest } from './exchange-request.js';
import { type ExchangeEnd, exchange$ } from './exchange.js';
import { ANSWER_TOO_LARGE } from './node-http-exchange.js';
import { type AnswerRules, answerRules } from './read-answer.js';
import type { Transport, TransportOptions } from './transport.js';

export type { Transport, TransportOptions } from './transport.js';

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

/**
 * The axios instance miro-rx sends with when it needs axios (a proxy, `nodeHttpAxios()`): no
 * redirects (Miro's API never redirects, and the redirect wrapper halves loopback throughput in
 * Node), and no default headers or request transforms, which axios would otherwise merge and run
 * on every call: miro-rx sets every header and serialises every body itself. Takes axios as an
 * argument, so this file loads none of it.
 */
export function miroAxiosInstance(axios: AxiosStatic, adapter?: AxiosAdapter): AxiosInstance {
  const client = axios.create({ maxRedirects: 0, transformRequest: [], ...(adapter ? { adapter } : {}) });
  client.defaults.headers = {} as AxiosInstance['defaults']['headers'];
  return client;
}

const WATCH_DOWNLOADS = typeof (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest === 'function';

/**
 * Sends through a caller's axios instance (`options.axios`: interceptors, agents, proxies). Only
 * types of axios are imported here: axios itself is the caller's, so the default path loads
 * none. An answer longer than `maxResponseBytes` is dropped while it arrives under every
 * adapter: axios's Node and fetch adapters and the lean one enforce `maxContentLength` on the
 * decoded stream; XMLHttpRequest (browsers) is stopped from its download progress.
 */
export function axiosTransport(client: AxiosInstance, options: TransportOptions = {}): Transport {
  const rules = answerRules(options);
  return (request) => exchange$(request, rules, (end) => sendWithAxios(client, request, rules, end));
}

function sendWithAxios(client: AxiosInstance, request: ExchangeRequest, rules: AnswerRules, end: ExchangeEnd): () => void {
  // A signal, not a CancelToken: CancelToken lives on the axios module, which is not loaded here.
  const cancellation = new AbortController();
  const { maxResponseBytes } = rules;
  let tooLarge = false;
  // XMLHttpRequest has no size limit of its own: watch its progress. Only where it exists, so
  // that in Node the lean adapter (which leaves progress callbacks to axios) still sends.
  const onDownloadProgress = WATCH_DOWNLOADS
    ? (event: { loaded: number }) => {
        if (event.loaded <= maxResponseBytes || tooLarge) return;
        tooLarge = true;
        cancellation.abort();
      }
    : undefined;
  // axios's `timeout` is not passed: the exchange's own timer bounds it (axios's Node adapter
  // would time only an idle socket, and an answer that trickles in would outlast it).
  client
    .request<string>({
      method: request.method,
      url: request.url,
      data: request.body,
      // axios gives a POST/PUT/PATCH without data a form content type; `false` stops it.
      headers: request.body === undefined && !('content-type' in request.headers) ? { ...request.headers, 'content-type': false } : request.headers,
      signal: cancellation.signal,
      maxContentLength: maxResponseBytes,
      ...(onDownloadProgress ? { onDownloadProgress } : {}),
      ...RAW_EXCHANGE,
    })
    .then(
      (response) => end.answer(answerOf(response)),
      (failure: unknown) => end.fail(tooLarge ? { code: ANSWER_TOO_LARGE } : failure),
    );
  return () => cancellation.abort();
}

function answerOf(response: AxiosResponse<string>) {
  const headers = response.headers as Record<string, unknown>;
  const header = (name: string) => {
    const value = headers[name];
    return value === undefined || value === null ? undefined : String(value);
  };
  const all = () => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  return { status: response.status, header, headers: all, text: typeof response.data === 'string' ? response.data : undefined };
}
