/** Default `maxResponseBytes`: 50 MB, far above any real Miro answer (a full page is ~1 MB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/**
 * The longest string V8 can make (2^29 - 24 characters on 64-bit). A decoded answer has at
 * most as many characters as bytes, so a cap at or below this can never end in Node's
 * uncatchable-looking `ERR_STRING_TOO_LONG`.
 */
export const MAX_RESPONSE_BYTES_LIMIT = 536_870_888;

/** Checks the option; a clear TypeError naming it for anything else than a whole number in range. */
export function maxResponseBytesOption(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_RESPONSE_BYTES;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_RESPONSE_BYTES_LIMIT) {
    throw new TypeError(`MiroApi: maxResponseBytes must be a whole number from 1 to ${MAX_RESPONSE_BYTES_LIMIT}, got ${String(value)}`);
  }
  return value;
}
