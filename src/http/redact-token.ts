/**
 * Last line of defence for tokens in errors: miro-rx never puts a token into an error itself,
 * but a server may echo one back (in its message or `context`), and an error may already have
 * had its stack printed before the pipeline saw it.
 */

// Shorter values would blank out ordinary words; real tokens, codes and secrets are long.
const MIN_SECRET_LENGTH = 6;

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

/** Redacts each secret in the error's message, stack and `context`. */
export function redactToken<T>(error: T, secrets: readonly (string | undefined)[]): T {
  if (!(error instanceof Error) || !secrets.some((s) => s && s.length >= MIN_SECRET_LENGTH)) return error;
  const clean = (text: string) => redactSecrets(text, secrets);
  error.message = clean(error.message);
  if (typeof error.stack === 'string') error.stack = clean(error.stack);
  const fields = error as unknown as Record<string, unknown>;
  if (fields.context !== undefined) fields.context = cleanDeep(fields.context, clean, 0);
  return error;
}

function cleanDeep(value: unknown, clean: (text: string) => string, depth: number): unknown {
  if (typeof value === 'string') return clean(value);
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => cleanDeep(item, clean, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cleanDeep(item, clean, depth + 1)]));
}

/** Values of query parameters that carry a secret (revoke-token v1 sends the token there). */
export function querySecrets(url: string): string[] {
  const query = url.indexOf('?');
  if (query < 0) return [];
  return [...new URLSearchParams(url.slice(query + 1))].filter(([name]) => /token|secret/i.test(name)).map(([, value]) => value);
}
