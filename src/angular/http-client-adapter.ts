import { type HttpClient, type HttpEvent, HttpErrorResponse, HttpEventType, HttpHeaders, type HttpResponseBase } from '@angular/common/http';
import { AxiosError, type AxiosAdapter, type AxiosResponse, CanceledError, type InternalAxiosRequestConfig } from 'axios';
import type { Subscription } from 'rxjs';
import { exceeds } from './body-size.js';

type Body = string | ArrayBuffer | Blob | null;

/**
 * An axios adapter that sends through Angular's `HttpClient`, so the app's interceptors see
 * every attempt and `HttpTestingController` can answer it. It behaves as axios's own adapters
 * do: every status settled through `validateStatus`, `signal`, `cancelToken` and `timeout`
 * honoured, `maxContentLength` enforced (HttpClient has no cap: its download progress is
 * watched, and the whole body is measured again at the end), a status of 0 reported as
 * `ERR_NETWORK`.
 *
 * @example
 * ```ts
 * const api = new MiroApi(token, { axios: axios.create({ adapter: httpClientAdapter(inject(HttpClient)) }) });
 * ```
 */
export function httpClientAdapter(http: HttpClient): AxiosAdapter {
  return (config) => send(http, config);
}

function send(http: HttpClient, config: InternalAxiosRequestConfig): Promise<AxiosResponse> {
  return new Promise<AxiosResponse>((resolve, reject) => {
    const signal = config.signal as AbortSignal | undefined;
    const limit = Number(config.maxContentLength) > -1 ? Number(config.maxContentLength) : Number.POSITIVE_INFINITY;
    let settled = false;
    let subscription: Subscription | undefined;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener?.('abort', cancel);
      config.cancelToken?.unsubscribe(cancel);
    };
    // Unsubscribing is how HttpClient aborts: the XMLHttpRequest or fetch under it is cancelled.
    const fail = (error: AxiosError) => {
      if (settled) return;
      settle();
      subscription?.unsubscribe();
      reject(error);
    };
    const cancel = () => fail(new CanceledError(undefined, undefined, config));
    const tooLarge = () => fail(new AxiosError(`maxContentLength size of ${limit} exceeded`, AxiosError.ERR_BAD_RESPONSE, config));
    const answer = (response: HttpResponseBase, body: unknown) => {
      if (settled) return;
      const data = body === undefined ? null : body;
      if (exceeds(data, limit)) return tooLarge();
      settle();
      const result: AxiosResponse = {
        data,
        status: response.status,
        statusText: response.statusText,
        headers: headersOf(response.headers),
        config,
        request: undefined,
      };
      // axios's own settle: the caller's validateStatus decides, a refused status keeps its response.
      if (!config.validateStatus || config.validateStatus(response.status)) return resolve(result);
      const code = response.status >= 400 && response.status < 500 ? AxiosError.ERR_BAD_REQUEST : AxiosError.ERR_BAD_RESPONSE;
      reject(new AxiosError(`Request failed with status code ${response.status}`, code, config, undefined, result));
    };

    if (config.cancelToken?.reason || signal?.aborted) return cancel();
    const responseType = responseTypeOf(config);
    if (!responseType) {
      return fail(new AxiosError(`responseType ${String(config.responseType)} is not supported by HttpClient`, AxiosError.ERR_BAD_OPTION_VALUE, config));
    }
    const timer =
      config.timeout && config.timeout > 0
        ? setTimeout(() => {
            const code = config.transitional?.clarifyTimeoutError ? AxiosError.ETIMEDOUT : AxiosError.ECONNABORTED;
            fail(new AxiosError(config.timeoutErrorMessage || `timeout of ${config.timeout}ms exceeded`, code, config));
          }, config.timeout)
        : undefined;
    config.cancelToken?.subscribe(cancel);
    signal?.addEventListener?.('abort', cancel, { once: true });

    subscription = http
      .request(String(config.method ?? 'get').toUpperCase(), urlOf(config), {
        body: config.data ?? null,
        headers: requestHeaders(config),
        observe: 'events',
        reportProgress: true,
        responseType,
        withCredentials: config.withCredentials === true,
      })
      .subscribe({
        next: (event: HttpEvent<Body>) => {
          if (event.type === HttpEventType.DownloadProgress && event.loaded > limit) tooLarge();
          else if (event.type === HttpEventType.Response) answer(event, event.body);
        },
        error: (error: unknown) => {
          if (!(error instanceof HttpErrorResponse)) return fail(AxiosError.from(error as Error, AxiosError.ERR_NETWORK, config));
          // Status 0: no answer at all (refused, reset, CORS): what axios calls a network error.
          if (error.status === 0) return fail(new AxiosError('Network Error', AxiosError.ERR_NETWORK, config));
          answer(error, error.error);
        },
        // HttpClient completes after the response event; a stream that ends without one is cut.
        complete: () => fail(new AxiosError('HttpClient completed without a response', AxiosError.ERR_NETWORK, config)),
      });
  });
}

// axios's default `json` means text that axios's transformResponse parses: ask for text.
function responseTypeOf(config: InternalAxiosRequestConfig): 'text' | 'arraybuffer' | 'blob' | undefined {
  const type = config.responseType ?? 'json';
  if (type === 'json' || type === 'text') return 'text';
  return type === 'arraybuffer' || type === 'blob' ? type : undefined;
}

function urlOf(config: InternalAxiosRequestConfig): string {
  const base =
    config.baseURL && !/^[a-z][a-z\d+\-.]*:\/\//i.test(config.url ?? '')
      ? `${config.baseURL.replace(/\/+$/, '')}/${(config.url ?? '').replace(/^\/+/, '')}`
      : (config.url ?? '');
  const params = config.params as Record<string, unknown> | undefined;
  if (!params || Object.keys(params).length === 0) return base;
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null) query.append(name, String(value));
  }
  const text = query.toString();
  return text ? `${base}${base.includes('?') ? '&' : '?'}${text}` : base;
}

function requestHeaders(config: InternalAxiosRequestConfig): HttpHeaders {
  const plain = config.headers?.toJSON(true) as Record<string, string> | undefined;
  const headers: Record<string, string> = {};
  for (const name in plain) {
    // A FormData body sets its own content type with the boundary: a given one would lack it.
    if (typeof FormData !== 'undefined' && config.data instanceof FormData && name.toLowerCase() === 'content-type') continue;
    headers[name] = String(plain[name]);
  }
  return new HttpHeaders(headers);
}

function headersOf(headers: HttpHeaders): Record<string, string> {
  const named: Record<string, string> = {};
  for (const name of headers.keys()) named[name.toLowerCase()] = (headers.getAll(name) ?? []).join(', ');
  return named;
}
