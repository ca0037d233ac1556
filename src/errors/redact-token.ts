/**
 * Last line of defence for secrets in errors: miro-rx never puts a token into an error itself,
 * but a server may echo one back (in its message, `code`, `type`, `context` or a header such as
 * `x-request-id`), and an error may already have had its stack printed before the pipeline saw
 * it. The one redaction function of miro-rx: every other module calls these.
 */

// Shorter values would blank out ordinary words; real tokens, codes and secrets are long.
const MIN_SECRET_LENGTH = 6;
// Deeper nesting than any Miro body; stops a hostile or cyclic structure from running away.
const MAX_DEPTH = 20;

/** Replaces every occurrence of each secret (as written, URL-encoded and form-encoded) with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)])) {
      result = result.split(form).join('[redacted]');
    }
  }
  return result;
}

/**
 * Redacts each secret from every view of the error, in place: `message`, `stack`, every own
 * property (enumerable or not, so `JSON.stringify`, `toJSON` and `util.inspect` all see clean
 * values), nested plain objects and arrays, and the `cause` chain. A transport error (axios)
 * met on the way is replaced by a clean copy: it carries the request, headers and body.
 */
export function redactToken<T>(error: T, secrets: readonly (string | undefined)[]): T {
  if (!(error instanceof Error) || !secrets.some((s) => s && s.length >= MIN_SECRET_LENGTH)) return error;
  const clean = (text: string) => redactSecrets(text, secrets);
  cleanError(error, clean, new WeakSet(), 0);
  return error;
}

type Clean = (text: string) => string;

function cleanError(error: Error, clean: Clean, seen: WeakSet<object>, depth: number): void {
  if (seen.has(error)) return;
  seen.add(error);
  // `stack` may be an accessor (engine-dependent): read it, clean it, write it back.
  if (typeof error.stack === 'string') error.stack = clean(error.stack);
  const fields = error as unknown as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (!descriptor || !('value' in descriptor)) continue;
    const value = cleanValue(descriptor.value, clean, seen, depth + 1);
    if (value === descriptor.value) continue;
    if (descriptor.writable) fields[key] = value;
    else if (descriptor.configurable) Object.defineProperty(error, key, { ...descriptor, value });
  }
}

function cleanValue(value: unknown, clean: Clean, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return clean(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (isTransportError(value)) return cleanCopy(value, clean);
  if (value instanceof Error) {
    cleanError(value, clean, seen, depth);
    return value;
  }
  if (seen.has(value)) return value;
  if (Array.isArray(value)) {
    seen.add(value);
    return value.map((item) => cleanValue(item, clean, seen, depth + 1));
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  // Only plain data is rebuilt; sockets, streams and the like are no part of an error's data.
  if (prototype !== Object.prototype && prototype !== null) return value;
  seen.add(value);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [clean(key), cleanValue(item, clean, seen, depth + 1)]));
}

function isTransportError(value: object): value is Error {
  return value instanceof Error && (value as { isAxiosError?: unknown }).isAxiosError === true;
}

/**
 * A copy of a foreign error (a user's `Storage`, a transport) that keeps its name, message,
 * stack and string `code` with every secret redacted, and nothing else, so it can travel as a `cause`.
 */
export function redactedCopy(error: unknown, secrets: readonly (string | undefined)[]): Error {
  return cleanCopy(error instanceof Error ? error : new Error(String(error)), (text) => redactSecrets(text, secrets));
}

function cleanCopy(error: Error, clean: Clean): Error {
  const copy = new Error(clean(error.message));
  copy.name = error.name;
  copy.stack = clean(error.stack ?? `${error.name}: ${error.message}`);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code: clean(code) });
  return copy;
}

/** Values of query parameters that carry a secret (revoke-token v1 sends the token there). */
export function querySecrets(url: string): string[] {
  const query = url.indexOf('?');
  if (query < 0) return [];
  return [...new URLSearchParams(url.slice(query + 1))].filter(([name]) => SECRET_NAME.test(name)).map(([, value]) => value);
}

/** Values of top-level body fields that carry a secret (revoke-token v2 sends the token and client secret). */
export function bodySecrets(sent: unknown): string[] {
  // The pipeline carries JSON bodies as the text sent; only small ones can be a token form.
  const body = typeof sent === 'string' && sent.length < 65_536 ? parseObject(sent) : sent;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  return Object.entries(body as Record<string, unknown>)
    .filter(([name, value]) => SECRET_NAME.test(name) && typeof value === 'string')
    .map(([, value]) => value as string);
}

function parseObject(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const SECRET_NAME = /token|secret|^code$|password/i;
