/**
 * JSDoc for the generated client, in the project's own words: what a call does (from its method
 * and route), its credit level, its paging, each parameter's type, range, default and allowed
 * values, and a link to Miro's reference page. Facts come from the document; its prose does not.
 */
import type { ModelOperation, ModelParameter, Schema } from './spec-model.js';
import { derefSchema } from './schema-refs.js';

const CREDITS = { 1: 50, 2: 100, 3: 500, 4: 2000 } as const;
const VERBS = { GET: 'Reads', POST: 'Creates', PUT: 'Replaces', PATCH: 'Updates', DELETE: 'Deletes' } as const;

/** Constraints of a schema as a short phrase: `integer, 10 to 50, default 20`. */
export function schemaFacts(schema: Schema | undefined, schemas: Record<string, Schema>): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = derefSchema(schema, schemas);
  const facts: string[] = [];
  const kind = s.type === 'array' ? `array of ${derefSchema(s.items ?? {}, schemas).type ?? 'values'}` : s.type;
  if (kind) facts.push(s.format && s.format !== 'binary' ? `${kind} (${s.format})` : kind);
  if (s.minimum !== undefined && s.maximum !== undefined) facts.push(`${s.minimum} to ${s.maximum}`);
  else if (s.minimum !== undefined) facts.push(`at least ${s.minimum}`);
  else if (s.maximum !== undefined) facts.push(`at most ${s.maximum}`);
  if (s.minLength !== undefined || s.maxLength !== undefined) facts.push(`length ${s.minLength ?? 0} to ${s.maxLength ?? 'any'}`);
  if (s.minItems !== undefined || s.maxItems !== undefined) facts.push(`${s.minItems ?? 0} to ${s.maxItems ?? 'any'} items`);
  const values = Array.isArray(s.enum) ? s.enum : Array.isArray(s.items?.enum) ? s.items.enum : undefined;
  if (values)
    facts.push(
      `one of ${values
        .filter((v: unknown) => v !== null)
        .map((v: unknown) => `\`${String(v)}\``)
        .join(', ')}`,
    );
  if (s.default !== undefined) facts.push(`default \`${typeof s.default === 'object' ? JSON.stringify(s.default) : String(s.default)}\``);
  if (s.format === 'int64') facts.push('a bigint or digit string keeps every digit');
  if (s.readOnly) facts.push('read-only');
  if (s.deprecated) facts.push('deprecated');
  return facts;
}

/** A JSDoc comment (lines with `indent`), or nothing when there is nothing to say. */
export function docComment(lines: string[], indent: string): string[] {
  const clean = lines.map((line) => line.replace(/\*\//g, '*\\/'));
  if (clean.length === 0) return [];
  if (clean.length === 1) return [`${indent}/** ${clean[0]} */`];
  return [`${indent}/**`, ...clean.map((line) => (line ? `${indent} * ${line}` : `${indent} *`)), `${indent} */`];
}

/** `GET /v2/boards/{board_id}/items` -> "Reads the items of a board." */
function whatItDoes(op: ModelOperation): string {
  const segments = op.path
    .split('/')
    .filter(Boolean)
    .filter((part) => !/^v\d+(\.\d+)?$/.test(part));
  const literal = segments.filter((part) => !part.startsWith('{'));
  const last = segments.at(-1) ?? '';
  const resource = (literal.at(-1) ?? 'resource').replace(/[-_]/g, ' ');
  const owner = literal.length > 1 ? ` of a ${literal.at(-2)!.replace(/s$/, '').replace(/[-_]/g, ' ')}` : '';
  const one = last.startsWith('{');
  const verb = op.method === 'GET' && !one ? 'Lists' : op.method === 'POST' && one ? 'Acts on' : VERBS[op.method];
  return `${verb} ${one ? `one of the ${resource}` : `the ${resource}`}${owner} (\`${op.method} ${op.path}\`).`;
}

function parameterLine(p: ModelParameter, schemas: Record<string, Schema>): string {
  const facts = schemaFacts(p.schema, schemas);
  return `\`${p.key}\`${p.key !== p.name ? ` (sent as \`${p.name}\`)` : ''}: ${[p.required ? 'required' : 'optional', ...facts].join(', ')}.`;
}

/** The JSDoc lines of one operation's method. */
export function methodDocLines(op: ModelOperation, schemas: Record<string, Schema>, pagedHelper?: string): string[] {
  const level = op.rateLimitLevel
    ? `Rate limit: Level ${op.rateLimitLevel}, ${CREDITS[op.rateLimitLevel]} credits${op.chargedPerItem ? ' per item' : ' per call'}.`
    : 'Rate limit: outside the credit budget (no level).';
  const paging =
    op.pagination === 'none'
      ? 'Not paged: one call, one answer.'
      : `Paged by ${op.pagination === 'scim' ? '`startIndex`/`count`' : `\`${op.pagination}\``}: this reads one page${pagedHelper ? `; {@link ${pagedHelper}} streams every item` : ''}.`;
  const lines = [whatItDoes(op), '', level, paging];
  if (op.server === 'scim') lines.push('Sent to the SCIM base URL (`scimBaseUrl`).');
  if (op.sharesRouteWith.length) lines.push(`Same route as ${op.sharesRouteWith.map((id) => `\`${id}\``).join(', ')}.`);
  lines.push('');
  for (const p of op.pathParameters) lines.push(`@param ${p.key} Path parameter \`${p.name}\`: a non-empty string.`);
  if (op.body) lines.push(`@param body Request body (${op.body.contentType}), ${op.body.required ? 'required' : 'optional'}; checked before sending.`);
  if (op.queryParameters.length) {
    lines.push(`@param query Query parameters:`);
    for (const p of op.queryParameters) lines.push(`  - ${parameterLine(p, schemas)}`);
  }
  lines.push("@param options `observe: 'response'` for status and headers, `signal`, `headers`, `timeoutMs`.");
  lines.push('@returns A cold Observable: each subscription sends one request and emits the parsed answer once.');
  lines.push(`@see https://developers.miro.com/reference/${op.operationId.toLowerCase()}`);
  if (op.deprecated) lines.push('@deprecated Miro marks this operation as deprecated.');
  return lines;
}

/** Lines a streaming helper adds to its own summary: credits, parameters, Miro's reference. */
export function helperDocLines(op: ModelOperation, schemas: Record<string, Schema>, position: string): string[] {
  const lines = [op.rateLimitLevel ? `Rate limit: Level ${op.rateLimitLevel}, ${CREDITS[op.rateLimitLevel]} credits per page.` : 'Rate limit: no level.', ''];
  for (const p of op.pathParameters) lines.push(`@param ${p.key} Path parameter \`${p.name}\`: a non-empty string.`);
  const query = op.queryParameters.filter((p) => p.name !== position);
  lines.push(`@param query Query parameters (the paginator sets \`${position}\`):`);
  for (const p of query) lines.push(`  - ${parameterLine(p, schemas)}`);
  lines.push('@param options Page size, read-ahead, where to resume (`from`) and per-call options.');
  lines.push(`@see https://developers.miro.com/reference/${op.operationId.toLowerCase()}`);
  return lines;
}
