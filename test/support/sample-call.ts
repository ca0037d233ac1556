/**
 * A valid call of one operation, built from the document alone: the arguments to pass to its
 * `MiroApi` method, what must appear on the wire, and what the fake server answers.
 */
import { deref, type Schema, type SpecDocument, type SpecOperation } from './spec-operations.js';
import { sampleValue } from './sample-values.js';

/** A file part as the server must see it. */
export interface ExpectedPart {
  name: string;
  fileName: string;
  contentType: string;
  /** The part's bytes as text (file parts), or its parsed JSON (JSON parts). */
  text?: string;
  json?: unknown;
}

export interface SampleCall {
  operation: SpecOperation;
  /** Arguments in the method's order: path values, body, query object. */
  args: unknown[];
  expected: {
    method: string;
    /** Path after the base URL, placeholders replaced by the encoded sample ids. */
    path: string;
    /** Wire query pairs, decoded, in document order. */
    query: Array<[string, string]>;
    contentType?: 'application/json' | 'application/scim+json' | 'multipart/form-data';
    json?: unknown;
    parts?: ExpectedPart[];
  };
  reply: { status: number; body?: unknown; contentType?: string };
}

/** Path ids with characters that must be percent-encoded: `/`, `=`, `?`, `#`, non-ASCII. */
export const samplePathValue = (index: number) => `uXjV/Ok=${index}?#é`;

/** A plain query string with characters that must be encoded. */
const sampleQueryText = (name: string) => `v a&l=ue/${name}+é`;

/** `parent_item_id` -> `parentItemId`, as `MiroApi` methods name query keys. */
export function queryKey(name: string): string {
  const camel = name.replace(/[-_]+([A-Za-z0-9])/g, (_, letter: string) => letter.toUpperCase());
  return camel.charAt(0).toLowerCase() + camel.slice(1);
}

export function sampleCall(operation: SpecOperation, spec: SpecDocument): SampleCall {
  const pathValues = operation.pathParameters.map((_, index) => samplePathValue(index));
  let index = 0;
  const path = operation.rawPath.replace(/\?$/, '').replace(/\{[^}]+\}/g, () => encodeURIComponent(pathValues[index++]!));

  const query: Record<string, unknown> = {};
  const wireQuery: Array<[string, string]> = [];
  for (const parameter of operation.queryParameters) {
    const value = sampleQueryValue(parameter.name, deref(parameter.schema, spec.schemas), spec.schemas);
    query[queryKey(parameter.name)] = value;
    for (const item of Array.isArray(value) ? value : [value]) wireQuery.push([parameter.name, String(item)]);
  }

  const args: unknown[] = [...pathValues];
  const expected: SampleCall['expected'] = { method: operation.method, path, query: wireQuery };
  if (operation.body) {
    const types = operation.body.contentTypes;
    if (types.includes('multipart/form-data')) {
      const { body, parts } = sampleMultipart(operation.body.schema, spec);
      args.push(body);
      expected.contentType = 'multipart/form-data';
      expected.parts = parts;
    } else {
      const body = sampleValue(operation.body.schema, { schemas: spec.schemas });
      args.push(body);
      expected.contentType = types.includes('application/scim+json') ? 'application/scim+json' : 'application/json';
      expected.json = body;
    }
  }
  if (operation.queryParameters.length) args.push(query);

  const scim = operation.body?.contentTypes.includes('application/scim+json') || /^\/(Users|Groups|ServiceProviderConfig|ResourceTypes|Schemas)\b/.test(path);
  const replyBody = operation.successSchema ? withUndeclaredField(sampleValue(operation.successSchema, { schemas: spec.schemas })) : undefined;
  return {
    operation,
    args,
    expected,
    reply: {
      status: operation.successStatus,
      body: replyBody,
      ...(scim ? { contentType: 'application/scim+json' } : {}),
    },
  };
}

/** Answers carry a field the document does not declare: the client must keep it. */
function withUndeclaredField(body: unknown): unknown {
  return body && typeof body === 'object' && !Array.isArray(body) ? { ...body, undeclaredByTheDocument: { kept: true } } : body;
}

function sampleQueryValue(name: string, schema: Schema, schemas: Record<string, Schema>): unknown {
  if (schema.type === 'array') {
    const items = deref(schema.items, schemas);
    if (Array.isArray(items.enum)) return items.enum.slice(0, 2);
    if (items.type === 'integer' || items.type === 'number') return [1234567890, 42];
    return [sampleQueryText(`${name}1`), sampleQueryText(`${name}2`)];
  }
  if (Array.isArray(schema.enum)) return schema.enum.find((value: unknown) => value !== null);
  if (schema.type === 'boolean') return true;
  const numeric = ['limit', 'offset', 'count', 'startIndex'].includes(name);
  if (schema.type === 'integer' || schema.type === 'number' || numeric || schema.minimum !== undefined) {
    // Callers pass numbers even where the document says string; any value in range will do.
    return schema.maximum ?? schema.minimum ?? 1;
  }
  if (schema.format) return sampleValue(schema, { schemas });
  return sampleQueryText(name);
}

function sampleMultipart(schema: Schema, spec: SpecDocument) {
  const resolved = deref(schema, spec.schemas);
  const parts: ExpectedPart[] = [];
  const body: Record<string, unknown> = {};
  let fileCount = 0;
  const file = (name: string) => {
    fileCount += 1;
    const json = name === 'data';
    const fileName = json ? `items-${fileCount}.json` : `picture ${fileCount}.png`;
    const contentType = json ? 'application/json' : 'image/png';
    const text = json ? JSON.stringify([{ title: `item ${fileCount}` }]) : `png bytes ${fileCount}`;
    parts.push({ name, fileName, contentType, text });
    return { data: new TextEncoder().encode(text), fileName, contentType };
  };
  for (const [name, property] of Object.entries<Schema>(resolved.properties ?? {})) {
    const value = deref(property, spec.schemas);
    if (value.type === 'array' && deref(value.items, spec.schemas).format === 'binary') {
      body[name] = [file(name), file(name)];
    } else if (value.format === 'binary') {
      body[name] = file(name);
    } else {
      body[name] = sampleValue(value, { schemas: spec.schemas });
      parts.push({ name, fileName: `${name}.json`, contentType: 'application/json', json: body[name] });
    }
  }
  return { body, parts };
}
