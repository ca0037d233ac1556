/** Where a call goes, as the HTTP convention names it: never the query (it may carry a token). */
export interface HttpTarget {
  readonly 'server.address': string;
  readonly 'server.port': number;
  readonly 'url.full': string;
}

type Origin = { readonly origin: string; readonly address: string; readonly port: number };

// `scheme://authority` of an http(s) URL, up to where its path starts.
const ORIGIN = /^https?:\/\/[^/?#\\]*/i;
// A path the URL parser keeps exactly as written: no dot segment ('.' and `%2e` left out), no
// character it would escape or read as a separator. Paths built with encodeURIComponent are.
const PLAIN_PATH = /^(?:\/[\w\-~!$&'()*+,;=:@%]*)+$/;
const ESCAPED_DOT = /%2e/i;
// Origins a process sends to are few (a base URL, the SCIM one); past this many, none is kept.
const MOST_ORIGINS = 16;

/**
 * The target of each call's URL, its origin parsed once: a client sends every call to one or two
 * origins, and the URL parser is slow next to two regular expressions on a path that runs per call.
 */
export class HttpTargets {
  readonly #origins = new Map<string, Origin | null>();
  // The origin prefix the latest URL had: the next one most likely starts with it too.
  #latest: string | undefined;

  of(url: string): HttpTarget | undefined {
    const latest = this.#latest;
    const prefix = latest !== undefined && startsWithOrigin(url, latest) ? latest : ORIGIN.exec(url)?.[0];
    if (prefix !== undefined) {
      this.#latest = prefix;
      const end = pathEnd(url, prefix.length);
      const path = url.slice(prefix.length, end);
      const origin = this.#origin(prefix);
      if (origin && PLAIN_PATH.test(path) && !ESCAPED_DOT.test(path)) {
        return { 'server.address': origin.address, 'server.port': origin.port, 'url.full': `${origin.origin}${path}` };
      }
    }
    return parsedTarget(url);
  }

  #origin(prefix: string): Origin | null {
    let origin = this.#origins.get(prefix);
    if (origin !== undefined) return origin;
    origin = parsedOrigin(prefix);
    if (this.#origins.size < MOST_ORIGINS) this.#origins.set(prefix, origin);
    return origin;
  }
}

/** The origin `prefix` names, or null if it parses to more than an origin (or not at all): then every call takes the slow path. */
function parsedOrigin(prefix: string): Origin | null {
  let parsed: URL;
  try {
    parsed = new URL(`${prefix}/`);
  } catch {
    return null;
  }
  if (parsed.pathname !== '/' || parsed.search !== '' || parsed.hash !== '') return null;
  return { origin: parsed.origin, address: parsed.hostname, port: portOf(parsed) };
}

/** The target as the URL parser reads it: undefined for a relative URL (a same-origin proxy in a browser). */
export function parsedTarget(url: string): HttpTarget | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  // origin drops any user:password the base URL carried; pathname drops the query.
  return { 'server.address': parsed.hostname, 'server.port': portOf(parsed), 'url.full': `${parsed.origin}${parsed.pathname}` };
}

function portOf(parsed: URL): number {
  return parsed.port === '' ? (parsed.protocol === 'http:' ? 80 : 443) : Number(parsed.port);
}

/** `url` starts with `prefix` and its authority ends there, as ORIGIN would have matched it. */
function startsWithOrigin(url: string, prefix: string): boolean {
  if (!url.startsWith(prefix)) return false;
  const next = url.charCodeAt(prefix.length);
  return Number.isNaN(next) || next === 0x2f || next === 0x3f || next === 0x23 || next === 0x5c; // end, / ? # \
}

function pathEnd(url: string, from: number): number {
  for (let i = from; i < url.length; i += 1) {
    const c = url.charCodeAt(i);
    if (c === 0x3f || c === 0x23) return i; // ? or #
  }
  return url.length;
}
