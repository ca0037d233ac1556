import { redactedCopy } from '../http/redact-token.js';

/**
 * A copy of a foreign error (from a user's `Storage`, say) that keeps its name, message and
 * stack with every secret redacted, so it can travel as a `cause` without leaking.
 */
export function redactedError(error: unknown, secrets: readonly (string | undefined)[]): Error {
  return redactedCopy(error, secrets);
}
