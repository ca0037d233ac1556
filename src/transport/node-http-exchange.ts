import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type * as Zlib from 'node:zlib';

/** The Node built-ins miro-rx sends with in Node; passed in, so this file imports none of them. */
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

/** The code of an answer stopped at the size cap (error-factory reads it). */
export const ANSWER_TOO_LARGE = 'ERR_RESPONSE_TOO_LARGE';

/** One exchange as `http.request` sends it. */
export interface HttpExchange {
  readonly method: string;
  readonly url: string;
  readonly baseURL?: string;
  /** Sent as they are (lower-case names); `content-length` is added for a body. */
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array;
  /** Ask for and decode gzip, deflate and br. */
  readonly decompress: boolean;
  /** Longest answer, in bytes after decompression. */
  readonly maxResponseBytes: number;
}

/** The exchange's answer, its body decoded to text; or its failure (a Node errno error, or `{ code: ANSWER_TOO_LARGE }`). */
export interface HttpExchangeEnd {
  answer(response: Http.IncomingMessage, text: string): void;
  fail(failure: { code?: string; message: string }): void;
}

/** Where each client sends: Node's shared keep-alive agents, and the origins it already parsed. */
export interface NodeHttpSender {
  readonly modules: NodeHttpModules;
  readonly agents: { readonly http: Http.Agent; readonly https: Https.Agent };
  readonly origins: OriginCache;
}

export function nodeHttpSender(modules: NodeHttpModules): NodeHttpSender {
  // Node's global agents keep connections alive (Node >= 19) and are shared: an app that makes a
  // MiroApi per user or per request must not get a connection pool per client.
  return { modules, agents: { http: modules.http.globalAgent, https: modules.https.globalAgent }, origins: new Map() };
}

const DECODERS = { gzip: 'createGunzip', 'x-gzip': 'createGunzip', deflate: 'createInflate', br: 'createBrotliDecompress' } as const;

/**
 * Sends one exchange straight through `http.request`, without axios's per-request work
 * (redirects, proxy lookup, stream plumbing). The answer is decoded while it arrives and its
 * size counted after decompression, so a gzip bomb stops at the cap. Returns how to stop it.
 */
export function sendOverHttp(sender: NodeHttpSender, exchange: HttpExchange, end: HttpExchangeEnd): () => void {
  const { modules, agents } = sender;
  const destination = destinationOf(exchange.url, exchange.baseURL, sender.origins);
  const headers = { ...exchange.headers };
  const { decompress, body } = exchange;
  if (decompress && headers['accept-encoding'] === undefined) headers['accept-encoding'] = 'gzip, deflate, br';
  if (body !== undefined) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  const limit = exchange.maxResponseBytes;
  let decoder: NodeJS.ReadWriteStream | undefined;
  let settled = false;
  const stop = () => {
    settled = true;
    request.destroy();
    (decoder as { destroy?: () => void } | undefined)?.destroy?.();
  };
  const fail = (failure: { code?: string; message: string }) => {
    if (settled) return;
    stop();
    end.fail(failure);
  };
  const method = exchange.method.toUpperCase();
  const request = (destination.secure ? modules.https : modules.http).request(
    { ...destination.options, method, headers, agent: destination.secure ? agents.https : agents.http },
    (response) => {
      decoder = decompress && response.statusCode !== 204 && method !== 'HEAD' ? decoderFor(modules, response.headers['content-encoding']) : undefined;
      // The answer's headers no longer describe a body that was decoded here.
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
        if (received > limit) return fail({ code: ANSWER_TOO_LARGE, message: `answer larger than ${limit} bytes` });
        chunks.push(chunk);
      });
      response.on('error', fail);
      decoder?.on('error', fail);
      stream.on('end', () => {
        if (settled) return;
        let text: string;
        try {
          text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
        } catch (error) {
          // Past V8's string limit (without a cap): a failure to report, never an uncaught throw.
          return fail(error as NodeJS.ErrnoException);
        }
        settled = true;
        end.answer(response, text);
      });
    },
  );
  request.on('error', fail);
  request.end(body);
  return () => {
    if (!settled) stop();
  };
}

type Destination = { secure: boolean; options: Http.RequestOptions };
/** Parsed origins of one client: it talks to one or two (REST and SCIM). */
type OriginCache = Map<string, Destination>;

/** Where a request goes, as `http.request` options, without parsing the whole URL each time. */
function destinationOf(url: string, baseURL: string | undefined, origins: OriginCache): Destination {
  const pathStart = baseURL === undefined ? url.indexOf('/', url.indexOf('//') + 2) : -1;
  // Anything unusual (relative, no path, characters a request line cannot carry) is parsed in full.
  if (pathStart < 0 || !/^https?:\/\//i.test(url) || /[^\x21-\x7e]/.test(url)) {
    const parsed = new URL(url, baseURL);
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
