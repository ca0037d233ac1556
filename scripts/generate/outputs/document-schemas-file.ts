/**
 * Emits document-schemas.ts: Miro's own schemas, as its document states them (prose left out),
 * for the simulator to judge requests and shape responses with a JSON Schema validator. Read
 * from the document directly, not from the generator's model: none of the corrections that
 * shape the client's types and validators (bulk items split by type, renamed schemas) reaches
 * it, so the simulator and the client share no blind spot. The simulator adds the rules the
 * document writes only in prose (src/simulator/document-rules.ts).
 */
import { readFileSync } from 'node:fs';
import type { Schema } from '../spec-model.js';
import type { Generation } from '../generation.js';

/** Keys that are prose or tooling, never a constraint. */
const PROSE = new Set(['description', 'example', 'examples', 'title', 'summary']);

function withoutProse(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutProse);
  if (!node || typeof node !== 'object') return node;
  const kept = Object.entries(node as Record<string, unknown>).filter(([key]) => !PROSE.has(key) && !key.startsWith('x-'));
  return Object.fromEntries(kept.map(([key, value]) => [key, key === 'properties' ? fieldsWithoutProse(value) : withoutProse(value)]));
}

/** A `properties` map: its keys are field names (a field may be called `title`), its values schemas. */
function fieldsWithoutProse(properties: unknown): unknown {
  if (!properties || typeof properties !== 'object') return properties;
  return Object.fromEntries(Object.entries(properties as Record<string, unknown>).map(([field, schema]) => [field, withoutProse(schema)]));
}

/** JSON bodies and JSON responses of one operation, by status; refs to nothing are left out. */
function operationSchemas(operation: Schema): { body?: unknown; responses: Record<string, unknown> } {
  const body = operation.requestBody?.content?.['application/json']?.schema;
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries<Schema>(operation.responses ?? {})) {
    const schema = response?.content?.['application/json']?.schema ?? response?.content?.['application/scim+json']?.schema;
    if (schema) responses[status] = withoutProse(schema);
    // null: the document declares this status without a body.
    else if (!response?.$ref) responses[status] = null;
  }
  return { ...(body ? { body: withoutProse(body) } : {}), responses };
}

export function documentSchemasFile(gen: Generation, specFile: string): string {
  const document = JSON.parse(readFileSync(specFile, 'utf8'));
  const operations: Record<string, unknown> = {};
  for (const methods of Object.values<Schema>(document.paths ?? {})) {
    for (const [method, operation] of Object.entries<Schema>(methods)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method) && operation.operationId) operations[operation.operationId] = operationSchemas(operation);
    }
  }
  const schemas = withoutProse(document.components?.schemas ?? {}) as Record<string, unknown>;
  const lines = Object.entries(schemas).map(([name, schema]) => `    ${JSON.stringify(name)}: ${JSON.stringify(schema)},`);
  const ops = Object.entries(operations).map(([id, schema]) => `    ${JSON.stringify(id)}: ${JSON.stringify(schema)},`);
  return [
    gen.header,
    "/** Miro's schemas as its document states them: components, and each operation's JSON body and responses by status. */",
    'export interface DocumentSchemas {',
    '  components: { schemas: Record<string, unknown> };',
    '  operations: Record<string, { body?: unknown; responses: Record<string, unknown> }>;',
    '}',
    '',
    '/** Refs inside point at `#/components/schemas/...` of this object. */',
    'export const documentSchemas: DocumentSchemas = {',
    '  components: {',
    '    schemas: {',
    ...lines.map((line) => `  ${line}`),
    '    },',
    '  },',
    '  operations: {',
    ...ops,
    '  },',
    '};',
    '',
  ].join('\n');
}
