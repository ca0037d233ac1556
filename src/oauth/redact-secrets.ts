import { redactSecrets } from '../http/redact-token.js';

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
