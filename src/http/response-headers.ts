/** Reads one response header by lower-case name. */
export type HeaderReader = (name: string) => string | undefined;

interface HeaderGetter {
  get(name: string): unknown;
}

/**
 * Reads the headers of any adapter's response: axios's `AxiosHeaders` (case-insensitive `get`),
 * or a plain object (an adapter of the caller's, Angular's HttpClient one). AxiosHeaders keeps
 * each header as a property under the name Node gives it (lower case): one found there is read
 * as it is, as `get` would return it, without `get`'s walk over every name.
 */
export function headerReader(headers: unknown): HeaderReader {
  if (headers && typeof (headers as HeaderGetter).get === 'function') {
    return (name) => {
      const own = (headers as Record<string, unknown>)[name];
      return typeof own === 'string' ? own : textOf((headers as HeaderGetter).get(name));
    };
  }
  const plain = (headers ?? {}) as Record<string, unknown>;
  return (name) => textOf(plain[name] ?? plain[Object.keys(plain).find((key) => key.toLowerCase() === name) ?? '']);
}

/** Every header, names in lower case. */
export function allHeaders(headers: unknown): Record<string, string> {
  const all: Record<string, string> = {};
  const source = headers && typeof (headers as { toJSON?: unknown }).toJSON === 'function' ? (headers as { toJSON(): object }).toJSON() : (headers ?? {});
  for (const [name, value] of Object.entries(source)) {
    const text = textOf(value);
    if (text !== undefined) all[name.toLowerCase()] = text;
  }
  return all;
}

function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}
