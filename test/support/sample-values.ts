/**
 * Builds a value that fits a JSON schema of Miro's document: the document's own `example`
 * where it has the right type, else the first enum value, a value of the right format, a
 * number inside the declared range, the minimum number of array items. Objects carry every
 * declared property near the top (so a sample exercises most of the schema) and only the
 * required ones deeper down (so recursive schemas end).
 */
import { deref, type Schema } from './spec-operations.js';

export interface SampleOptions {
  schemas: Record<string, Schema>;
  /** Builds a file for `format: binary` strings (multipart parts). */
  file?: (name: string) => unknown;
}

const FULL_DEPTH = 4;
const MAX_DEPTH = 12;

/** A sample of `schema`; `name` is the property it fills, used for files and plain strings. */
export function sampleValue(schema: Schema | undefined, options: SampleOptions, name = 'value', depth = 0): unknown {
  const resolved = deref(schema, options.schemas);
  if (depth > MAX_DEPTH) throw new Error(`sample of ${name} nests deeper than ${MAX_DEPTH}: a required cycle?`);
  if (Array.isArray(resolved.oneOf) || Array.isArray(resolved.anyOf)) {
    return sampleValue((resolved.oneOf ?? resolved.anyOf)[0], options, name, depth);
  }
  if (Array.isArray(resolved.allOf)) {
    const parts = resolved.allOf.map((member: Schema) => sampleValue(member, options, name, depth));
    const own = resolved.properties ? sampleObject(resolved, options, depth) : {};
    return Object.assign({}, ...parts, own);
  }
  const enumValue = Array.isArray(resolved.enum) ? resolved.enum.find((v: unknown) => v !== null) : undefined;
  if (enumValue !== undefined) return enumValue;
  switch (resolved.type) {
    case 'string':
      if (resolved.format === 'binary' && options.file) return options.file(name);
      return sampleString(resolved, name);
    case 'integer':
    case 'number':
      return sampleNumber(resolved);
    case 'boolean':
      return typeof resolved.example === 'boolean' ? resolved.example : true;
    case 'array': {
      const count = Math.max(1, resolved.minItems ?? 0);
      return Array.from({ length: count }, () => sampleValue(resolved.items, options, name, depth + 1));
    }
    default:
      if (resolved.properties || resolved.type === 'object') return sampleObject(resolved, options, depth);
      return resolved.example ?? 'sample';
  }
}

function sampleObject(schema: Schema, options: SampleOptions, depth: number): Record<string, unknown> {
  const properties: Record<string, Schema> = schema.properties ?? {};
  const required = new Set<string>(schema.required ?? []);
  if (Object.keys(properties).length === 0) {
    return schema.example && typeof schema.example === 'object' && !Array.isArray(schema.example) ? { ...schema.example } : {};
  }
  const sample: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    if (property.readOnly || (depth >= FULL_DEPTH && !required.has(key))) continue;
    sample[key] = sampleValue(property, options, key, depth + 1);
  }
  return sample;
}

const FORMATS: Record<string, string> = {
  'date-time': '2026-11-23T10:15:30Z',
  date: '2026-11-23',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  email: 'someone@example.com',
  uri: 'https://example.com/resource',
  url: 'https://example.com/resource',
};

function sampleString(schema: Schema, name: string): string {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Infinity;
  const fits = (value: unknown): value is string => typeof value === 'string' && value.length >= min && value.length <= max;
  if (fits(schema.example)) return schema.example;
  const byFormat = FORMATS[schema.format];
  if (fits(byFormat)) return byFormat;
  const text = `sample ${name}`.padEnd(min, 'x');
  return text.slice(0, Math.max(min, Math.min(max, text.length)));
}

function sampleNumber(schema: Schema): number {
  const min = schema.minimum ?? -Infinity;
  const max = schema.maximum ?? Infinity;
  const whole = schema.type === 'integer';
  const fits = (value: unknown): value is number => typeof value === 'number' && value >= min && value <= max && (!whole || Number.isInteger(value));
  if (fits(schema.example)) return schema.example;
  if (fits(schema.default)) return schema.default;
  if (fits(1)) return 1;
  return Number.isFinite(min) ? Math.ceil(min) : Math.floor(max);
}
