/** Emits TypeScript types for component schemas and for each operation's query, body and answer. */
import type { Schema } from './spec-model.js';
import { schemaRefName } from './schema-refs.js';
import { pascalCase, propertyKey, upperFirst } from './naming.js';
import { docComment, schemaFacts } from './emit-docs.js';
import { INT64_COUNTS } from './miro-facts.js';

export interface TypeContext {
  /** Type name of a component schema. */
  componentName(name: string): string;
  /** Type used for a binary (file) value. */
  fileType: string;
  /** Type of an int64 integer: answers hold numbers or (beyond 2^53) digit strings; input takes a bigint too. */
  int64Type: string;
  /** Component schemas, for the constraints written as docs on each field. */
  schemas?: Record<string, Schema>;
}

export function tsType(schema: Schema | undefined, ctx: TypeContext, indent = ''): string {
  if (!schema || typeof schema !== 'object') return 'unknown';
  const refName = schemaRefName(schema);
  let type: string;
  if (refName !== undefined) {
    type = ctx.componentName(refName);
  } else if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    const members: Schema[] = schema.oneOf ?? schema.anyOf;
    type = unionOf(members.map((m) => tsType(m, ctx, indent)));
  } else if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((m: Schema) => tsType(m, ctx, indent));
    if (schema.properties) parts.push(objectType(schema, ctx, indent));
    type = parts.length === 1 ? parts[0]! : parts.map(parenthesise).join(' & ');
  } else if (Array.isArray(schema.enum)) {
    type = unionOf(schema.enum.filter((v: unknown) => v !== null).map((v: unknown) => JSON.stringify(v)));
  } else {
    switch (schema.type) {
      case 'string':
        type = schema.format === 'binary' ? ctx.fileType : 'string';
        break;
      case 'integer':
      case 'number':
        type = schema.format === 'int64' ? ctx.int64Type : 'number';
        break;
      case 'boolean':
        type = 'boolean';
        break;
      case 'array':
        type = `Array<${tsType(schema.items, ctx, indent)}>`;
        break;
      case 'object':
        type = objectType(schema, ctx, indent);
        break;
      default:
        type = schema.properties ? objectType(schema, ctx, indent) : 'unknown';
    }
  }
  return schema.nullable && type !== 'unknown' ? `${parenthesise(type)} | null` : type;
}

function objectType(schema: Schema, ctx: TypeContext, indent: string): string {
  const properties: Record<string, Schema> = schema.properties ?? {};
  const required = new Set<string>(schema.required ?? []);
  const inner = `${indent}  `;
  const lines = Object.entries(properties).map(([name, property]) => {
    // Counts typed int64 never pass 2^53: they stay numbers (ids are what need digits).
    const type = INT64_COUNTS.has(name) && property.format === 'int64' ? 'number' : tsType(property, ctx, inner);
    const line = `${inner}${propertyKey(name)}${required.has(name) ? '' : '?'}: ${type};`;
    // Constraints as docs; a bare type says nothing the declaration does not.
    const facts = ctx.schemas && schemaRefName(property) === undefined ? schemaFacts(property, ctx.schemas).slice(1) : [];
    return facts.length ? [...docComment([`${upperFirst(facts.join(', '))}.`], inner), line].join('\n') : line;
  });
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object' && Object.keys(extra).length > 0) {
    lines.push(`${inner}[key: string]: ${lines.length ? 'unknown' : tsType(extra, ctx, inner)};`);
  } else if (extra === true || (extra && lines.length === 0)) {
    lines.push(`${inner}[key: string]: unknown;`);
  }
  if (lines.length === 0) return 'Record<string, unknown>';
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function unionOf(members: string[]): string {
  const unique = [...new Set(members)];
  if (unique.length === 0) return 'never';
  return unique.map(parenthesise).join(' | ');
}

function parenthesise(type: string): string {
  return /^[\w.<>[\]"'-]+$/.test(type) || type.startsWith('{') || type.startsWith('Array<') ? type : `(${type})`;
}

/** Component schema name -> exported type name; unique even when two names collide. */
export function componentTypeNames(names: string[]): Map<string, string> {
  const result = new Map<string, string>();
  const used = new Set<string>();
  for (const name of names) {
    let typeName = pascalCase(name) || 'Unnamed';
    if (/^\d/.test(typeName)) typeName = `Schema${typeName}`;
    while (used.has(typeName)) typeName = `${typeName}_`;
    used.add(typeName);
    result.set(name, typeName);
  }
  return result;
}
