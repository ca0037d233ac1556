/**
 * Emits zod validators for request input: component schemas reachable from request bodies,
 * and each operation's path, query and body. Objects are loose (fields the document does not
 * declare pass), `pattern`s are left to the server, and nothing is transformed: the client
 * sends exactly what the caller gave. The validators use zod's mini API (functions and
 * `.check()`, no methods per feature), which lets bundlers keep only what is used: a quarter
 * of full zod's size in a browser bundle, with the same messages.
 */
import type { ModelParameter, Schema } from './spec-model.js';
import { derefSchema, schemaRefName } from './schema-refs.js';
import { propertyKey } from './naming.js';
import { OTHER_TYPES_FIELDS } from './bulk-item-schemas.js';

export interface ZodContext {
  schemas: Record<string, Schema>;
  /** Constant name of a component's validator. */
  validatorName(name: string): string;
  /** Components whose validator is not yet defined where this expression is emitted. */
  isForwardReference(name: string): boolean;
}

export function zodExpression(schema: Schema | undefined, ctx: ZodContext): string {
  if (!schema || typeof schema !== 'object') return 'z.unknown()';
  const refName = schemaRefName(schema);
  let expression: string;
  if (refName !== undefined) {
    const constant = ctx.validatorName(refName);
    expression = ctx.isForwardReference(refName) ? `z.lazy(() => ${constant})` : constant;
  } else if (typeof schema.discriminator?.propertyName === 'string' && Array.isArray(schema.oneOf)) {
    // Picks the member by its discriminator, so that issues name that member's fields, not "invalid input".
    // Members are built now, not lazily: the union reads each member's discriminator values.
    const members = schema.oneOf.map((member: Schema) => {
      const name = schemaRefName(member);
      if (name === undefined) throw new Error('a discriminated union needs named members');
      return ctx.validatorName(name);
    });
    // Each member is a looseObject built by its own function, typed as any validator: say which.
    const tuple = `[${members.join(', ')}] as unknown as Parameters<typeof z.discriminatedUnion>[1]`;
    expression = `z.discriminatedUnion(${JSON.stringify(schema.discriminator.propertyName)}, ${tuple})`;
  } else if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    const members: Schema[] = schema.oneOf ?? schema.anyOf;
    expression = members.length === 1 ? zodExpression(members[0], ctx) : `z.union([${members.map((m) => zodExpression(m, ctx)).join(', ')}])`;
  } else if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((m: Schema) => zodExpression(m, ctx));
    if (schema.properties) parts.push(objectExpression(schema, ctx));
    expression = parts.reduce((left: string, right: string) => `z.intersection(${left}, ${right})`);
  } else if (Array.isArray(schema.enum)) {
    const values = schema.enum.filter((v: unknown) => v !== null);
    expression = values.every((v: unknown) => typeof v === 'string')
      ? `z.enum(${JSON.stringify(values)})`
      : `z.union([${values.map((v: unknown) => `z.literal(${JSON.stringify(v)})`).join(', ')}])`;
  } else {
    switch (schema.type) {
      case 'string':
        expression = schema.format === 'binary' ? 'miroFileSchema' : withChecks('z.string()', lengthChecks(schema));
        break;
      case 'integer':
        // zod's int() also demands a safe integer, but Miro's int64 ids (3458764517517852417)
        // are larger: accept any whole number there, as the generated type (number) does.
        // zod's int() demands a safe integer, but Miro's int64 ids (3000457366756290996) are
        // larger: those take a bigint or a digit string too, sent digit for digit.
        expression = schema.format === 'int64' ? 'int64Value()' : withChecks('z.number()', ['z.int()', ...rangeChecks(schema)]);
        break;
      case 'number':
        expression = withChecks('z.number()', rangeChecks(schema));
        break;
      case 'boolean':
        expression = 'z.boolean()';
        break;
      case 'array':
        expression = withChecks(`z.array(${zodExpression(schema.items, ctx)})`, lengthChecks(schema, 'minItems', 'maxItems'));
        break;
      case 'object':
        expression = objectExpression(schema, ctx);
        break;
      default:
        expression = schema.properties ? objectExpression(schema, ctx) : 'z.unknown()';
    }
  }
  const others = schema[OTHER_TYPES_FIELDS];
  if (others) expression = withChecks(expression, [`withoutOtherTypesFields(${JSON.stringify(others.type)}, ${JSON.stringify(others.fields)})`]);
  return schema.nullable ? `z.nullable(${expression})` : expression;
}

function objectExpression(schema: Schema, ctx: ZodContext): string {
  const properties: Record<string, Schema> = schema.properties ?? {};
  const required = new Set<string>(schema.required ?? []);
  const fields = Object.entries(properties)
    // Read-only fields are answers, never input.
    .filter(([, property]) => !property.readOnly)
    .map(([name, property]) => `${propertyKey(name)}: ${optionalUnless(required.has(name), zodExpression(property, ctx))}`);
  if (fields.length === 0) return 'z.record(z.string(), z.unknown())';
  return `z.looseObject({ ${fields.join(', ')} })`;
}

function withChecks(expression: string, checks: readonly string[]): string {
  return checks.length ? `${expression}.check(${checks.join(', ')})` : expression;
}

function optionalUnless(required: boolean, expression: string): string {
  return required ? expression : `z.optional(${expression})`;
}

/** Bounds on a string's length (minLength/maxLength) or an array's (minItems/maxItems). */
function lengthChecks(schema: Schema, min = 'minLength', max = 'maxLength'): string[] {
  return [...(schema[min] !== undefined ? [`z.minLength(${schema[min]})`] : []), ...(schema[max] !== undefined ? [`z.maxLength(${schema[max]})`] : [])];
}

function rangeChecks(schema: Schema): string[] {
  return [...(schema.minimum !== undefined ? [`z.gte(${schema.minimum})`] : []), ...(schema.maximum !== undefined ? [`z.lte(${schema.maximum})`] : [])];
}

/**
 * A query parameter's validator. Page sizes and offsets are typed three ways in the document
 * (integer, string with numeric bounds, untyped): numbers and numeric strings are both accepted
 * and checked against the declared range.
 */
export function queryParameterExpression(parameter: ModelParameter, schemas: Record<string, Schema>): string {
  const schema = derefSchema(parameter.schema, schemas);
  const numericName = ['limit', 'offset', 'count', 'startIndex'].includes(parameter.name);
  const bounds = `{ ${[schema.minimum !== undefined ? `min: ${schema.minimum}` : '', schema.maximum !== undefined ? `max: ${schema.maximum}` : '']
    .filter(Boolean)
    .join(', ')} }`;
  let expression: string;
  if (schema.type === 'integer' || schema.type === 'number' || numericName || schema.minimum !== undefined) {
    expression = `numericQueryValue(${bounds})`;
  } else if (schema.type === 'boolean') {
    expression = 'booleanQueryValue()';
  } else if (schema.type === 'array') {
    const items = derefSchema(schema.items ?? {}, schemas);
    // Integer items (creatorId) are typed as numbers; accept numeric strings too, as for limit.
    const item = Array.isArray(items.enum)
      ? `z.enum(${JSON.stringify(items.enum)})`
      : items.type === 'integer' && items.format === 'int64'
        ? 'int64Value()'
        : items.type === 'integer' || items.type === 'number'
          ? 'numericQueryValue({})'
          : 'z.string()';
    expression = `z.union([${item}, z.array(${item})])`;
  } else if (Array.isArray(schema.enum)) {
    expression = `z.enum(${JSON.stringify(schema.enum.filter((v: unknown) => v !== null))})`;
  } else {
    expression = 'z.string()';
  }
  return `${propertyKey(parameter.key)}: ${optionalUnless(parameter.required, expression)}`;
}
