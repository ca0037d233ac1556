import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type * as Zlib from 'node:zlib';

/** The Node built-ins the lean adapter sends with; passed in, so this file imports none of them. */
export interface NodeHttpModules {
  readonly http: typeof Http;
  readonly https: typeof Https;
  readonly zlib: typeof Zlib;
}

/**
 * Node's built-ins when running in Node, found without an import (`process.getBuiltinModule`,
 * Node >= 20.16), so the request path bundles for browsers untouched. Undefined elsewhere.
 */
export function nodeHttpModules(): NodeHttpModules | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const load = process?.getBuiltinModule;
  if (typeof load !== 'function') return undefined;
  return { http: load('node:http') as typeof Http, https: load('node:https') as typeof Https, zlib: load('node:zlib') as typeof Zlib };
}

const DECODERS = { gzip: 'createGunzip', 'x-gzip': 'createGunzip', deflate: 'createInflate', br: 'createBrotliDecompress' } as const;

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
  // Node's global agents keep connections alive (Node >= 19) and are shared: an app that makes a
  // MiroApi per user or per request must not get a connection pool per client.
  const agents = { http: modules.http.globalAgent, https: modules.https.globalAgent };
  // Read once: environment lookups cost a call into C++ each, on every request.
  const environmentProxy = proxyFromEnvironment();
  const origins: OriginCache = new Map();
  return (config) => (handles(config, environmentProxy) ? send(config, modules, agents, origins) : fallback(config));
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

/** Whether the environment names a proxy; axios's adapter then decides, with NO_PROXY. */
function proxyFromEnvironment(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || env.ALL_PROXY || env.all_proxy);
}

function send(config: InternalAxiosRequestConfig, modules: NodeHttpModules, agents: { http: Http.Agent; https: Https.Agent }, origins: OriginCache) {
  return new Promise<AxiosResponse<string>>((resolve, reject) => {
    const destination = destinationOf(config, origins);
    // axios's own serialisation: set values only, arrays joined.
    const headers = config.headers.toJSON(true) as Record<string, string>;
    const decompress = config.decompress !== false;
    if (decompress && !config.headers.has('accept-encoding')) headers['accept-encoding'] = 'gzip, deflate, br';
    const body = typeof config.data === 'string' ? config.data : undefined;
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));

    const signal = config.signal as AbortSignal | undefined;
    // Counted after decompression: a small gzip answer may inflate to gigabytes.
    const limit = Number(config.maxContentLength) > -1 ? Number(config.maxContentLength) : Infinity;
    let decoder: NodeJS.ReadWriteStream | undefined;
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
      request.destroy();
      (decoder as { destroy?: () => void } | undefined)?.destroy?.();
      reject(error);
    };
    const failWith = (error: NodeJS.ErrnoException) => fail(new AxiosError(error.message, error.code, config, request));
    const request = (destination.secure ? modules.https : modules.http).request(
      { ...destination.options, method: (config.method ?? 'get').toUpperCase(), headers, agent: destination.secure ? agents.https : agents.http },
      (response) => {
        decoder = decompress && response.statusCode !== 204 && config.method !== 'head' ? decoderFor(modules, response.headers['content-encoding']) : undefined;
        // Like axios, the answer's headers no longer describe a body that was decoded here.
        if (decoder) {
          delete response.headers['content-encoding'];
          delete response.headers['content-length'];
        }
        const stream: NodeJS.ReadableStream = decoder ? response.pipe(decoder) : response;
        const chunks: Buffer[] = [];
        let received = 0;
        stream.on('data', (chunk: Buffer) => {
          if (settled) return;
          received += chunk.length;
          // axios's wording and code, so that one check maps every adapter's failure.
          if (received > limit) return fail(new AxiosError(`maxContentLength size of ${limit} exceeded`, AxiosError.ERR_BAD_RESPONSE, config, request));
          chunks.push(chunk);
        });
        response.on('error', failWith);
        decoder?.on('error', failWith);
        stream.on('end', () => {
          if (settled) return;
          let data: string;
          try {
            data = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
          } catch (error) {
            // Past V8's string limit (without a cap): a failure to report, never an uncaught throw.
            return failWith(error as NodeJS.ErrnoException);
          }
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
            request,
          });
        });
      },
    );
    request.on('error', failWith);
    // axios's timeout covers the whole exchange, not socket idleness: so does this one.
    const timer = config.timeout
      ? setTimeout(() => fail(new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ETIMEDOUT, config, request)), config.timeout)
      : undefined;
    const cancel = () => fail(new AxiosError('canceled', AxiosError.ERR_CANCELED, config, request));
    // subscribe, not `promise.then`: axios's `then` chains two promises that stay pending after
    // the exchange, and they kept each request's objects alive past young-generation GCs (about
    // 1.6 MB promoted per scavenge on loopback, and the mark-compacts that follow).
    config.cancelToken?.subscribe(cancel);
    if (signal?.aborted) return cancel();
    signal?.addEventListener?.('abort', cancel, { once: true });
    request.end(body);
  });
}

type Destination = { secure: boolean; options: Http.RequestOptions };
/** Parsed origins of one adapter: a client talks to one or two (REST and SCIM). */
type OriginCache = Map<string, Destination>;

/** Where a request goes, as `http.request` options, without parsing the whole URL each time. */
function destinationOf(config: InternalAxiosRequestConfig, origins: OriginCache): Destination {
  const url = config.url ?? '';
  const pathStart = config.baseURL === undefined ? url.indexOf('/', url.indexOf('//') + 2) : -1;
  // Anything unusual (relative, no path, characters a request line cannot carry) is parsed in full.
  if (pathStart < 0 || !/^https?:\/\//i.test(url) || /[^\x21-\x7e]/.test(url)) {
    const parsed = new URL(url, config.baseURL);
    return { secure: parsed.protocol === 'https:', options: { ...originOptions(parsed), path: `${parsed.pathname}${parsed.search}` } };
  }
  const origin = url.slice(0, pathStart);
  let known = origins.get(origin);
  if (!known) {
    const parsed = new URL(origin);
    known = { secure: parsed.protocol === 'https:', options: originOptions(parsed) };
    if (origins.size < 16) origins.set(origin, known);
  }
  return { secure: known.secure, options: { ...known.options, path: url.slice(pathStart) } };
}

function originOptions(url: URL): Http.RequestOptions {
  // WHATWG keeps IPv6 hosts in brackets; http.request wants them bare.
  const auth = url.username || url.password ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
  return { protocol: url.protocol, hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port || undefined, auth };
}

function decoderFor(modules: NodeHttpModules, encoding: string | undefined): Zlib.Gunzip | Zlib.Inflate | Zlib.BrotliDecompress | undefined {
  const factory = encoding ? DECODERS[encoding.trim().toLowerCase() as keyof typeof DECODERS] : undefined;
  // Flush as much as arrived, like axios: servers sometimes end a stream without its trailer.
  if (factory === 'createBrotliDecompress') return modules.zlib.createBrotliDecompress();
  if (factory) return modules.zlib[factory]({ flush: modules.zlib.constants.Z_SYNC_FLUSH, finishFlush: modules.zlib.constants.Z_SYNC_FLUSH });
  return undefined;
}
