import { createHash } from 'node:crypto';
import type { MiroTokenState } from '../oauth/token-state.js';

/**
 * Optional encryption of what is stored: `seal` turns the serialised state into the stored
 * string, `open` turns it back. Both may be asynchronous (a KMS call).
 *
 * @example
 * ```ts
 * const cipher: TokenCipher = {
 *   seal: (text) => aesGcmEncrypt(key, text),
 *   open: (sealed) => aesGcmDecrypt(key, sealed),
 * };
 * ```
 */
export interface TokenCipher {
  seal(plaintext: string): string | Promise<string>;
  open(sealed: string): string | Promise<string>;
}

/** A token state is well under 4 KB; a stored value far past that is not one. */
export const MAX_STORED_STATE_BYTES = 64 * 1024;

const FIELDS = ['accessToken', 'refreshToken', 'expiresAt', 'userId', 'teamId', 'scope', 'tokenType'] as const;

/**
 * What the refresh's compare-and-swap compares: a digest of the refresh token, not the token,
 * so that a `cipher` protecting the state is not bypassed by a clear copy beside it.
 */
export function refreshFence(state: MiroTokenState): string {
  return state.refreshToken === undefined ? 'none' : createHash('sha256').update(state.refreshToken).digest('base64url');
}

export async function sealState(state: MiroTokenState, cipher: TokenCipher | undefined): Promise<string> {
  const text = JSON.stringify(pickFields(state));
  return cipher ? cipher.seal(text) : text;
}

/**
 * Reads a stored value back. Errors name what is wrong, never the value: a JSON parser's own
 * message quotes the text it choked on, which may be a token.
 */
export async function openState(stored: unknown, cipher: TokenCipher | undefined): Promise<MiroTokenState> {
  if (typeof stored !== 'string') throw new Error('the stored entry has no state field');
  if (stored.length > MAX_STORED_STATE_BYTES) throw new Error(`the stored state is ${stored.length} bytes, more than any token state`);
  let text: string;
  try {
    text = cipher ? await cipher.open(stored) : stored;
  } catch (error) {
    throw new Error(`cipher.open could not read the stored state (${error instanceof Error ? error.name : typeof error})`);
  }
  if (typeof text !== 'string') throw new Error('cipher.open did not return a string');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('the stored state is not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('the stored state is not a JSON object');
  // Only the known fields, so that a hostile entry cannot bring along anything else.
  return pickFields(value as MiroTokenState);
}

function pickFields(state: MiroTokenState): MiroTokenState {
  const picked: Record<string, unknown> = {};
  for (const field of FIELDS) if (Object.hasOwn(state, field) && state[field] !== undefined) picked[field] = state[field];
  return picked as unknown as MiroTokenState;
}
