/** The expressions of an operation's descriptor and of its input validators. */
import type { ModelOperation, Schema } from './spec-model.js';
import { derefSchema } from './schema-refs.js';
import { BODY_LIMITS, PAGE_SIZES_FROM_PROSE } from './miro-facts.js';
import { propertyKey } from './naming.js';
import { queryParameterExpression, zodExpression, type ZodContext } from './emit-zod.js';

const CREDITS = { 1: 50, 2: 100, 3: 500, 4: 2000 } as const;

export function multipartParts(op: ModelOperation, schemas: Record<string, Schema>) {
  if (op.body?.contentType !== 'multipart/form-data') return undefined;
  const schema = derefSchema(op.body.schema, schemas);
  const required = new Set<string>(schema.required ?? []);
  return Object.entries<Schema>(schema.properties ?? {}).map(([name, property]) => {
    const resolved = derefSchema(property, schemas);
    const kind =
      resolved.type === 'array' && derefSchema(resolved.items ?? {}, schemas).format === 'binary'
        ? 'files'
        : resolved.format === 'binary' && !op.jsonFileParts.includes(name)
          ? 'file'
          : 'json';
    return { name, kind, required: required.has(name) };
  });
}

/** The page sizes an operation states (in its schema, or in prose: PAGE_SIZES_FROM_PROSE). */
export function pageSize(op: ModelOperation, schemas: Record<string, Schema>) {
  const sizeName = op.pagination === 'scim' ? 'count' : 'limit';
  const parameter = op.queryParameters.find((p) => p.name === sizeName);
  if (!parameter) return undefined;
  const schema = derefSchema(parameter.schema, schemas);
  const size: Record<string, number> = {};
  if (schema.minimum !== undefined) size.min = Number(schema.minimum);
  if (schema.maximum !== undefined) size.max = Number(schema.maximum);
  if (schema.default !== undefined && !Number.isNaN(Number(schema.default))) size.default = Number(schema.default);
  Object.assign(size, PAGE_SIZES_FROM_PROSE[op.operationId]);
  return Object.keys(size).length ? size : undefined;
}

/** Names of the int64 integer properties anywhere in a body schema. */
function int64FieldNames(root: Schema, schemas: Record<string, Schema>): string[] {
  const names = new Set<string>();
  const seen = new Set<Schema>();
  const visit = (node: Schema | undefined): void => {
    if (!node || typeof node !== 'object') return;
    const schema = derefSchema(node, schemas);
    if (seen.has(schema)) return;
    seen.add(schema);
    for (const [name, property] of Object.entries<Schema>(schema.properties ?? {})) {
      const resolved = derefSchema(property, schemas);
      if ((resolved.type === 'integer' || resolved.type === 'number') && resolved.format === 'int64') names.add(name);
      visit(property);
    }
    for (const key of ['items', 'additionalProperties']) if (schema[key] && typeof schema[key] === 'object') visit(schema[key]);
    for (const key of ['oneOf', 'anyOf', 'allOf']) for (const member of schema[key] ?? []) visit(member);
  };
  visit(root);
  return [...names].sort();
}

export function descriptorOf(op: ModelOperation, schemas: Record<string, Schema>) {
  const parts = multipartParts(op, schemas);
  const size = pageSize(op, schemas);
  return {
    operationId: op.operationId,
    methodName: op.methodName,
    method: op.method,
    path: op.path,
    server: op.server,
    pathParameters: op.pathParameters.map((p) => p.name),
    queryParameters: op.queryParameters.map((p) => {
      const schema = derefSchema(p.schema, schemas);
      const type = ['string', 'integer', 'number', 'boolean', 'array'].includes(schema.type) ? schema.type : 'unknown';
      return { name: p.name, key: p.key, required: p.required, type, ...(p.explode === false ? { explode: false } : {}) };
    }),
    ...(op.body
      ? {
          body: {
            contentType: op.body.contentType,
            required: op.body.required,
            ...(parts ? { parts } : {}),
            ...(int64FieldNames(op.body.schema, schemas).length ? { int64Fields: int64FieldNames(op.body.schema, schemas) } : {}),
          },
        }
      : {}),
    rateLimitLevel: op.rateLimitLevel,
    creditCost: op.rateLimitLevel ? CREDITS[op.rateLimitLevel] : 0,
    chargedPerItem: op.chargedPerItem,
    pagination: op.pagination,
    ...(size ? { pageSize: size } : {}),
    sharesRouteWith: op.sharesRouteWith,
    emptyResponse: op.emptyResponse,
    successMayBeEmpty: op.successMayBeEmpty,
    deprecated: op.deprecated,
  };
}

/** The zod expression of an operation's body, with multipart parts mapped to their runtime kinds. */
export function bodyValidator(op: ModelOperation, ctx: ZodContext): string | undefined {
  if (!op.body) return undefined;
  const parts = multipartParts(op, ctx.schemas);
  if (!parts) return zodExpression(op.body.schema, ctx);
  const schema = derefSchema(op.body.schema, ctx.schemas);
  const fields = parts.map(({ name, kind, required }) => {
    const value =
      kind === 'file'
        ? 'miroFileSchema'
        : kind === 'files'
          ? 'z.array(miroFileSchema).check(z.minLength(1))'
          : op.jsonFileParts.includes(name)
            ? 'z.union([miroFileSchema, z.array(z.record(z.string(), z.unknown()))])'
            : zodExpression(schema.properties[name], ctx);
    return `${propertyKey(name)}: ${required ? value : `z.optional(${value})`}`;
  });
  return `z.object({ ${fields.join(', ')} })`;
}

export function inputValidators(op: ModelOperation, ctx: ZodContext): string {
  const path = `z.object({ ${op.pathParameters.map((p) => `${propertyKey(p.key)}: pathValue()`).join(', ')} })`;
  const lines = [`path: ${path}`];
  if (op.queryParameters.length) {
    lines.push(`query: z.strictObject({ ${op.queryParameters.map((p) => queryParameterExpression(p, ctx.schemas)).join(', ')} })`);
  }
  const body = bodyValidator(op, ctx);
  if (body) lines.push(`body: ${op.body!.required ? body : `z.optional(${body})`}`);
  const limits = BODY_LIMITS[op.operationId];
  if (limits) lines.push(`bodyLimits: ${limits.name}`);
  return `{\n    ${lines.join(',\n    ')},\n  }`;
}
