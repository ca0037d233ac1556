/** Replaces every occurrence of each secret (as written, and URL-encoded) with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; real tokens and secrets are long.
    if (!secret || secret.length < 6) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)])) {
      result = result.split(form).join('[redacted]');
    }
  }
  return result;
}

/**
 * A copy of a foreign error (from a user's `Storage`, say) that keeps its name, message and
 * stack with every secret redacted, so it can travel as a `cause` without leaking.
 */
export function redactedError(error: unknown, secrets: readonly (string | undefined)[]): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(redactSecrets(original.message, secrets));
  copy.name = original.name;
  copy.stack = redactSecrets(original.stack ?? `${original.name}: ${original.message}`, secrets);
  return copy;
}
