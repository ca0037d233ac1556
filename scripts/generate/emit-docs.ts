/**
 * JSDoc for the generated client, in the project's own words: what a call does (from its method
 * and route), its credit level, its paging, each parameter's type, range, default and allowed
 * values, and a link to Miro's reference page. Facts come from the document; its prose does not.
 */
import type { ModelOperation, ModelParameter, Schema } from './spec-model.js';
import { derefSchema } from './schema-refs.js';
import { pageSize } from './emit-operations.js';

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

/** `sticky_notes` -> `sticky note`, `policies` -> `policy`, `settings` stays plural-looking but reads fine. */
function singular(segment: string): string {
  const words = segment.replace(/[-_]/g, ' ');
  if (/ies$/.test(words)) return words.replace(/ies$/, 'y');
  if (/(ss|us)$/.test(words)) return words;
  return words.replace(/s$/, '');
}

/** Routes whose method and path do not say what they do (a PUT to the boards copies one). */
const ROUTE_MEANINGS: Record<string, string> = { 'copy-board': 'Copies a board into a new one' };

function withArticle(noun: string): string {
  // `an item`, `an org`, but `a user` (a `u` sounded "you").
  const vowel = /^[aeio]/i.test(noun) || (/^u/i.test(noun) && !/^u[^aeiou][aeiou]/i.test(noun));
  return `${vowel ? 'an' : 'a'} ${noun}`;
}

/**
 * What a call does, from its method and route: `GET /v2/boards/{board_id}/items` -> "Lists the
 * items of a board."; `POST .../sticky_notes` -> "Creates a sticky note on a board.";
 * `GET /v2/boards/{board_id}` -> "Reads a board."; `POST .../items/bulk` -> "Creates several
 * items in one call, on a board."
 */
export function whatItDoes(op: ModelOperation): string {
  const special = ROUTE_MEANINGS[op.operationId];
  if (special) return `${special} (\`${op.method} ${op.path}\`).`;
  const segments = op.path
    .split('/')
    .filter(Boolean)
    .filter((part) => !/^v\d+(\.\d+)?(-experimental)?$/.test(part));
  const one = (segments.at(-1) ?? '').startsWith('{');
  const literal = segments.filter((part) => !part.startsWith('{'));
  const bulk = literal.at(-1) === 'bulk';
  const resource = (bulk ? literal.at(-2) : literal.at(-1)) ?? 'resource';
  const ownerSegment = literal.at(bulk ? -3 : -2);
  // The owner is named only when the route names one of them ({board_id} after `boards`).
  const owned = ownerSegment !== undefined && segments[segments.indexOf(ownerSegment) + 1]?.startsWith('{');
  const owner = owned ? withArticle(singular(ownerSegment)) : undefined;
  const route = ` (\`${op.method} ${op.path}\`)`;
  if (bulk) return `Creates several ${resource.replace(/[-_]/g, ' ')} in one call${owner ? `, on ${owner}` : ''}${route}.`;
  const plural = resource.replace(/[-_]/g, ' ');
  const of = owner ? ` of ${owner}` : '';
  const listed = /s$/.test(resource) && !/(ss|us)$/.test(resource);
  if (op.method === 'GET' && one) return `Reads ${withArticle(singular(resource))}${of}${route}.`;
  if (op.method === 'GET') return `${listed ? 'Lists' : 'Reads'} the ${plural}${of}${route}.`;
  // A POST to a verb (`/oauth/revoke`, `/copy`) does that, it creates nothing.
  if (op.method === 'POST' && !one && !listed)
    return `Sends ${withArticle(resource).replace(/ (.+)$/, ' `$1`')} request${owner ? ` for ${owner}` : ''}${route}.`;
  const where = owner ? ` ${ownerSegment === 'boards' ? 'on' : 'in'} ${owner}` : '';
  if (op.method === 'POST' && !one) return `Creates ${withArticle(singular(resource))}${where}${route}.`;
  if (op.method === 'POST') return `Acts on ${withArticle(singular(resource))}${of}${route}.`;
  const target = one ? withArticle(singular(resource)) : `the ${plural}`;
  return `${VERBS[op.method]} ${target}${of}${route}.`;
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

/** What a streaming helper asks for per page, and why (a page costs the same whatever its size). */
function pageSizeLine(op: ModelOperation, schemas: Record<string, Schema>): string {
  const name = op.pagination === 'scim' ? 'count' : 'limit';
  const size = pageSize(op, schemas);
  if (size?.max !== undefined) {
    const fallback = size.default !== undefined ? ` (Miro's own default, for a request that names no size, is ${size.default})` : '';
    return `Asks for pages of ${size.max}, the largest allowed, unless \`query.${name}\` sets a size${fallback}: a page costs the same credits whatever its size.`;
  }
  if (size?.default !== undefined) return `Pages of Miro's default size (${size.default}) unless \`query.${name}\` sets one.`;
  return `Pages of Miro's default size unless \`query.${name}\` sets one.`;
}

/** How a streaming read fails (emitted as the Observable's error); the same for every paged operation. */
const HELPER_ERRORS = [
  "Fails with `MiroValidationError` for bad input, before anything is sent; with the first page's own error",
  '(`MiroApiError` with its `status`, `MiroNetworkError`, ...) when the first page fails; with `MiroPaginationError`',
  '(`resumeFrom`, `status`, `cause`) when a later page fails.',
];

/** Lines a streaming helper adds to its own summary: page size, credits, parameters, errors, Miro's reference. */
export function helperDocLines(op: ModelOperation, schemas: Record<string, Schema>, position: string): string[] {
  const level = op.rateLimitLevel ? `Rate limit: Level ${op.rateLimitLevel}, ${CREDITS[op.rateLimitLevel]} credits per page.` : 'Rate limit: no level.';
  const lines = [pageSizeLine(op, schemas), level, ...HELPER_ERRORS, ''];
  for (const p of op.pathParameters) lines.push(`@param ${p.key} Path parameter \`${p.name}\`: a non-empty string.`);
  const query = op.queryParameters.filter((p) => p.name !== position);
  lines.push(`@param query Query parameters (the paginator sets \`${position}\`):`);
  const largest = pageSize(op, schemas)?.max;
  const sizeName = op.pagination === 'scim' ? 'count' : 'limit';
  for (const p of query) {
    const line = parameterLine(p, schemas);
    // Miro's default applies to a request without a size; this read sends the largest instead.
    lines.push(
      `  - ${p.name === sizeName && largest !== undefined ? line.replace(/default `([^`]+)`/, `Miro's default \`$1\`, ${largest} here when not set`) : line}`,
    );
  }
  lines.push('@param options Page size, read-ahead, where to resume (`from`) and per-call options.');
  lines.push(`@see https://developers.miro.com/reference/${op.operationId.toLowerCase()}`);
  return lines;
}
