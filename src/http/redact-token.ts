/**
 * Last line of defence for tokens in errors: miro-rx never puts a token into an error itself,
 * but a server may echo one back (in its message or `context`), and an error may already have
 * had its stack printed before the pipeline saw it.
 */

const REDACTED = '[redacted]';
// Shorter values would blank out ordinary words; real tokens are long.
const MIN_SECRET_LENGTH = 8;

/** Replaces each secret (as written and URL-encoded) in the error's message, stack and `context`. */
export function redactToken<T>(error: T, secrets: readonly (string | undefined)[]): T {
  const forms = [...new Set(secrets.flatMap((s) => (s && s.length >= MIN_SECRET_LENGTH ? [s, encodeURIComponent(s)] : [])))];
  if (forms.length === 0 || !(error instanceof Error)) return error;
  const clean = (text: string) => forms.reduce((result, form) => result.split(form).join(REDACTED), text);
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
