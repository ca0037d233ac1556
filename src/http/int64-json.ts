/**
 * JSON with exact 64-bit integers. Miro's int64 ids (3000457366756290996) do not fit a double:
 * `JSON.parse` rounds them and `JSON.stringify` throws on a bigint. Node 20 has neither
 * `JSON.rawJSON` nor the reviver's source text, so both directions work on the text.
 */

/** A value for an int64 field: a number (safe integers only are exact), a bigint, or its digits. */
export type Int64Input = number | bigint | string;

const INT64_DIGITS = /^-?\d+$/;
// A marker no caller's string can equal: a control character and a per-process nonce.
const MARKER = `\u0001int64-${Math.random().toString(36).slice(2)}:`;
const MARKED = new RegExp(
  `"${JSON.stringify(MARKER)
    .slice(1, -1)
    .replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(-?\\d+)"`,
  'g',
);

/**
 * `JSON.stringify` that writes every bigint, and every digit string under one of `int64Fields`,
 * as a JSON number, digit for digit.
 */
export function stringifyWithInt64(value: unknown, int64Fields: readonly string[] = []): string {
  let marked = false;
  const text = JSON.stringify(value, function (key, field: unknown) {
    if (typeof field === 'bigint') {
      marked = true;
      return `${MARKER}${field.toString()}`;
    }
    if (typeof field === 'string' && int64Fields.includes(key) && !Array.isArray(this) && INT64_DIGITS.test(field)) {
      marked = true;
      return `${MARKER}${field}`;
    }
    return field;
  });
  return marked ? text.replace(MARKED, '$1') : text;
}

/**
 * `JSON.parse` that keeps integers beyond 2^53 exact: each becomes a string of its digits
 * (smaller numbers stay numbers). The common answer has none (Miro sends most ids as strings):
 * it costs `JSON.parse` and one walk over the parsed numbers; only an answer that held an
 * unsafe number is parsed again from its text.
 */
export function parseWithInt64(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return holdsUnsafeNumber(value, 0) ? JSON.parse(quoteUnsafeIntegers(text)) : value;
}

const MAX_WALK_DEPTH = 256;

/** Whether a parsed value holds a number beyond ±2^53 (deeper than the walk goes: assume so). */
function holdsUnsafeNumber(value: unknown, depth: number): boolean {
  if (typeof value === 'number') return value > Number.MAX_SAFE_INTEGER || value < -Number.MAX_SAFE_INTEGER;
  if (value === null || typeof value !== 'object') return false;
  if (depth > MAX_WALK_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (holdsUnsafeNumber(value[i], depth + 1)) return true;
    return false;
  }
  for (const key in value) if (holdsUnsafeNumber((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

// A JSON string (skipped as it is), or an integer token of 16+ digits that no digit, `.`, exponent
// or sign touches (so fractions and exponents stay numbers).
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

/** Wraps every integer token outside strings that is not a safe integer in quotes. */
function quoteUnsafeIntegers(text: string): string {
  return text.replace(STRING_OR_LONG_INTEGER, (token) => (token.charCodeAt(0) === 34 /* " */ || Number.isSafeInteger(Number(token)) ? token : `"${token}"`));
}
