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
const MARKED = new RegExp(`"${JSON.stringify(MARKER).slice(1, -1).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(-?\\d+)"`, 'g');

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

// A number token of 16+ digits (where a value starts: after `:`, `[` or `,`). Ids inside strings
// ("3458764517517852417") do not match, so typical answers skip the slow path.
const LONG_NUMBER = /[:[,]\s*-?\d{16}/;

/**
 * `JSON.parse` that keeps integers beyond 2^53 exact: each becomes a string of its digits
 * (smaller numbers stay numbers). Text without a 16-digit number token takes `JSON.parse` alone.
 */
export function parseWithInt64(text: string): unknown {
  if (!LONG_NUMBER.test(text)) return JSON.parse(text);
  return JSON.parse(quoteUnsafeIntegers(text));
}

/** Wraps every integer token outside strings that is not a safe integer in quotes. */
function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copied = 0;
  let index = 0;
  const length = text.length;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (code === 34 /* " */) {
      // Skip the string, escapes included.
      index += 1;
      while (index < length) {
        const c = text.charCodeAt(index);
        if (c === 92 /* \ */) index += 2;
        else if (c === 34) break;
        else index += 1;
      }
      index += 1;
    } else if (code === 45 /* - */ || (code >= 48 && code <= 57)) {
      const start = index;
      index += 1;
      while (index < length && isNumberChar(text.charCodeAt(index))) index += 1;
      const token = text.slice(start, index);
      if (INT64_DIGITS.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copied, start)}"${token}"`;
        copied = index;
      }
    } else {
      index += 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function isNumberChar(code: number): boolean {
  // digits, `.`, `e`, `E`, `+`, `-`
  return (code >= 48 && code <= 57) || code === 46 || code === 101 || code === 69 || code === 43 || code === 45;
}
