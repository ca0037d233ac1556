import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { ANSWER_TOO_LARGE, type NodeHttpModules, type NodeHttpSender, nodeHttpSender, sendOverHttp } from './node-http-exchange.js';
import { proxyFromEnvironment } from './proxy-environment.js';

export { type NodeHttpModules, nodeHttpModules } from './node-http-exchange.js';

/**
 * An axios adapter that sends miro-rx's exchanges straight through `http.request` on Node's
 * keep-alive global agents. axios's own Node adapter does more per request than Miro needs (redirects, proxy
 * lookup, stream plumbing, a keep-alive syscall on every request), which made it the slowest
 * part of a call. Whatever this adapter does not cover goes to `fallback` untouched: bodies
 * that are not text (multipart), proxies (`proxy` or `HTTP(S)_PROXY`/`ALL_PROXY`), custom
 * agents or sockets, request body limits, progress callbacks, and answers not read as text. The
 * environment's proxy variables are read when the adapter is made (when a `MiroApi` is).
 */
export function nodeHttpAdapter(modules: NodeHttpModules, fallback: AxiosAdapter): AxiosAdapter {
  const sender = nodeHttpSender(modules);
  // Read once: environment lookups cost a call into C++ each, on every request.
  const environmentProxy = proxyFromEnvironment();
  return (config) => (handles(config, environmentProxy) ? send(config, sender) : fallback(config));
}

// axios options the lean adapter does not implement: a request that sets one goes to axios.
const AXIOS_ONLY_OPTIONS = [
  'httpAgent',
  'httpsAgent',
  'socketPath',
  'auth',
  'lookup',
  'family',
  'transport',
  'insecureHTTPParser',
  'httpVersion',
  'http2Options',
  'beforeRedirect',
  'onUploadProgress',
  'onDownloadProgress',
  'maxRate',
] as const;

function handles(config: InternalAxiosRequestConfig, environmentProxy: boolean): boolean {
  const text = config.data === undefined || config.data === null || typeof config.data === 'string';
  const options = config as unknown as Record<string, unknown>;
  return (
    text &&
    config.responseType === 'text' &&
    AXIOS_ONLY_OPTIONS.every((name) => options[name] === undefined) &&
    !(Number(config.maxBodyLength) > -1) &&
    (config.proxy === false || (config.proxy === undefined && !environmentProxy))
  );
}

function send(config: InternalAxiosRequestConfig, sender: NodeHttpSender) {
  return new Promise<AxiosResponse<string>>((resolve, reject) => {
    const signal = config.signal as AbortSignal | undefined;
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      // A caller's long-lived signal must not collect one listener per request.
      signal?.removeEventListener?.('abort', cancel);
      config.cancelToken?.unsubscribe(cancel);
    };
    const fail = (error: AxiosError) => {
      if (settled) return;
      settle();
      stop();
      reject(error);
    };
    const limit = Number(config.maxContentLength) > -1 ? Number(config.maxContentLength) : Infinity;
    const stop = sendOverHttp(
      sender,
      {
        method: config.method ?? 'get',
        url: config.url ?? '',
        baseURL: config.baseURL,
        // axios's own serialisation: set values only, arrays joined; names as given.
        headers: lowerCaseNames(config.headers.toJSON(true) as Record<string, string>),
        body: typeof config.data === 'string' ? config.data : undefined,
        decompress: config.decompress !== false,
        maxResponseBytes: limit,
      },
      {
        answer: (response, data) => {
          if (settled) return;
          settle();
          resolve({
            data,
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            // Node's names are already lower-case and unique: handed over as axios's own header
            // object, which axios then takes as it is instead of building it twice from a plain
            // one (~6 us an answer); its normalize() still sanitises every value.
            headers: Object.assign(new AxiosHeaders(), response.headers),
            config,
          });
        },
        // axios's wording and code for a capped answer, so that axios users see what they know.
        fail: (failure) =>
          failure.code === ANSWER_TOO_LARGE
            ? fail(new AxiosError(`maxContentLength size of ${limit} exceeded`, AxiosError.ERR_BAD_RESPONSE, config))
            : fail(new AxiosError(failure.message, failure.code, config)),
      },
    );
    // axios's timeout covers the whole exchange, not socket idleness: so does this one.
    const timer = config.timeout
      ? setTimeout(() => fail(new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ETIMEDOUT, config)), config.timeout)
      : undefined;
    const cancel = () => fail(new AxiosError('canceled', AxiosError.ERR_CANCELED, config));
    // subscribe, not `promise.then`: axios's `then` chains two promises that stay pending after
    // the exchange, and they kept each request's objects alive past young-generation GCs (about
    // 1.6 MB promoted per scavenge on loopback, and the mark-compacts that follow).
    config.cancelToken?.subscribe(cancel);
    if (signal?.aborted) return cancel();
    signal?.addEventListener?.('abort', cancel, { once: true });
  });
}

function lowerCaseNames(headers: Record<string, string>): Record<string, string> {
  const named: Record<string, string> = {};
  for (const name in headers) named[name.toLowerCase()] = headers[name]!;
  return named;
}
