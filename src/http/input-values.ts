import * as z from 'zod/mini';

// Each schema is built on first use, so that importing this module (and every operation module
// that imports it) runs no zod code, and a bundle keeps only the schemas its operations use.

let pathValueSchema: z.ZodMiniType | undefined;
/** A path parameter: a non-empty string (an empty one would change which URL is hit). */
export const pathValue = (): z.ZodMiniType => (pathValueSchema ??= z.string().check(z.minLength(1, 'must be a non-empty string')));

const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * A numeric query value. Miro's document types page sizes and offsets as integers, as strings
 * with numeric bounds, or not at all; callers pass numbers. Both numbers and numeric strings
 * are accepted, and the declared range is checked either way.
 */
export function numericQueryValue(bounds: { min?: number; max?: number }) {
  return z.union([z.number(), z.string().check(z.trim(), z.regex(NUMERIC, 'must be a number'))]).check(
    z.refine((value) => bounds.min === undefined || Number(value) >= bounds.min, `must be at least ${bounds.min}`),
    z.refine((value) => bounds.max === undefined || Number(value) <= bounds.max, `must be at most ${bounds.max}`),
  );
}

let booleanQuerySchema: z.ZodMiniType | undefined;
/** A boolean query value: `true`/`false`, or those words as strings. */
export const booleanQueryValue = (): z.ZodMiniType => (booleanQuerySchema ??= z.union([z.boolean(), z.enum(['true', 'false'])]));

let int64Schema: z.ZodMiniType | undefined;
/**
 * An int64 value: a whole number, a bigint, or a string of digits (for ids beyond 2^53, which a
 * number cannot hold exactly). Strings and bigints are sent digit for digit.
 */
export const int64Value = (): z.ZodMiniType =>
  (int64Schema ??= z.union([
    z.number().check(z.refine(Number.isInteger, 'must be an integer')),
    z.bigint(),
    z.string().check(z.regex(/^-?\d+$/, 'must be a string of digits')),
  ]));
