/**
 * Measures the simulator against Miro's document with a JSON Schema validator of its own
 * (@cfworker/json-schema, not the simulator's ajv, not the client's zod): which bodies that
 * break the document's schemas or its written rules the simulator refuses, and which of its
 * responses validate against the document's response schema for their status. Used by
 * test/simulator/document-conformance.test.ts and scripts/measure-simulator.ts.
 */
import { Validator, type Schema } from '@cfworker/json-schema';
import { documentSchemas } from '../../../src/generated/document-schemas.js';
import type { MiroSimulator } from '../../../src/simulator/index.js';
import { httpClient, type SimAnswer } from '../http-client.js';

/** The document read as JSON Schema: OpenAPI's `nullable` as a null type, its overlapping `oneOf`s as `anyOf`. */
function asJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const schema = Object.fromEntries(Object.entries(node).map(([key, value]) => [key === 'oneOf' ? 'anyOf' : key, asJsonSchema(value)])) as Record<
    string,
    unknown
  >;
  if (schema.nullable === true && typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  return schema;
}
const components = asJsonSchema(documentSchemas.components) as Record<string, unknown>;

/** Problems of `body` against the document's response schema, `undefined` when the document has none for the status. */
export function responseProblems(operationId: string, status: number, body: unknown): string[] | undefined {
  const responses = documentSchemas.operations[operationId]?.responses ?? {};
  const declared = responses[String(status)];
  // A success status the document does not list (201 where it says 200) is a difference too.
  const successes = Object.keys(responses).filter((code) => code.startsWith('2'));
  if (declared === undefined && status < 300 && successes.length) return [`status ${status}, where the document answers ${successes.join(' or ')}`];
  if (declared === undefined || declared === null) return undefined;
  const root = { ...(asJsonSchema(declared) as object), components } as Schema;
  const result = new Validator(root, '7', false).validate(body ?? {});
  return result.valid ? [] : result.errors.slice(-3).map((error) => `${error.instanceLocation} ${error.error}`);
}

/** One request of the corpus: `operationId` names the schema its response is judged by. */
export interface Probe {
  what: string;
  operationId: string;
  method: string;
  path: (ids: Ids) => string;
  body?: unknown | ((ids: Ids) => unknown);
}
interface Ids {
  board: string;
  item: string;
  other: string;
}

const board = (ids: Ids) => `/v2/boards/${ids.board}`;
const note = (body: unknown): Omit<Probe, 'what'> => ({
  operationId: 'create-sticky-note-item',
  method: 'POST',
  path: (ids) => `${board(ids)}/sticky_notes`,
  body,
});
const bulk = (items: unknown[]): Omit<Probe, 'what'> => ({
  operationId: 'create-items',
  method: 'POST',
  path: (ids) => `${board(ids)}/items/bulk`,
  body: items,
});
const typed = (segment: string, operationId: string, body: unknown): Omit<Probe, 'what'> => ({
  operationId,
  method: 'POST',
  path: (ids) => `${board(ids)}/${segment}`,
  body,
});

/** Bodies that break a schema of the document. */
export const SCHEMA_INVALID: Probe[] = [
  { what: 'sticky note content a number', ...note({ data: { content: 5 } }) },
  { what: 'sticky note shape not an option', ...note({ data: { shape: 'hexagon' } }) },
  { what: 'sticky note colour not an option', ...note({ style: { fillColor: 'not_a_colour' } }) },
  { what: 'sticky note position x a string', ...note({ position: { x: 'left' } }) },
  { what: 'text without data', ...typed('texts', 'create-text-item', { position: { x: 0, y: 0 } }) },
  { what: 'card title an object', ...typed('cards', 'create-card-item', { data: { title: {} } }) },
  { what: 'image without url', ...typed('images', 'create-image-item-using-url', { data: { title: 'x' } }) },
  { what: 'frame format not an option', ...typed('frames', 'create-frame-item', { data: { format: 'poster' } }) },
  { what: 'bulk item type not an option', ...bulk([{ type: 'wizard' }]) },
  { what: 'bulk item without type', ...bulk([{ data: { content: 'x' } }]) },
  { what: 'bulk of 21 items', ...bulk(Array.from({ length: 21 }, () => ({ type: 'sticky_note' }))) },
  { what: 'bulk of no items', ...bulk([]) },
  { what: 'board name a number', operationId: 'create-board', method: 'POST', path: () => '/v2/boards', body: { name: 7 } },
  { what: 'board name too long', operationId: 'create-board', method: 'POST', path: () => '/v2/boards', body: { name: 'x'.repeat(61) } },
  { what: 'tag title too long', operationId: 'create-tag', method: 'POST', path: (ids) => `${board(ids)}/tags`, body: { title: 'x'.repeat(121) } },
  {
    what: 'tag colour not an option',
    operationId: 'create-tag',
    method: 'POST',
    path: (ids) => `${board(ids)}/tags`,
    body: { title: 't', fillColor: 'mauve' },
  },
  {
    what: 'connector without start item',
    operationId: 'create-connector',
    method: 'POST',
    path: (ids) => `${board(ids)}/connectors`,
    body: (ids: Ids) => ({ endItem: { id: ids.other } }),
  },
];

/** Bodies that pass the document's schemas but break what it writes in prose. */
export const RULE_BREAKING: Probe[] = [
  { what: 'sticky note with width and height', ...note({ data: { content: 'x' }, geometry: { width: 100, height: 100 } }) },
  {
    what: 'image with width and height',
    ...typed('images', 'create-image-item-using-url', { data: { url: 'https://example.com/a.png' }, geometry: { width: 10, height: 10 } }),
  },
  { what: 'text fontSize 0', ...typed('texts', 'create-text-item', { data: { content: 'x' }, style: { fontSize: '0' } }) },
  { what: 'shape fontSize 500', ...typed('shapes', 'create-shape-item', { data: { shape: 'circle' }, style: { fontSize: '500' } }) },
  { what: 'shape fontSize not a number', ...typed('shapes', 'create-shape-item', { data: { shape: 'circle' }, style: { fontSize: 'big' } }) },
  { what: 'image url not a URL', ...typed('images', 'create-image-item-using-url', { data: { url: 'not a url' } }) },
  { what: 'document url not a URL', ...typed('documents', 'create-document-item-using-url', { data: { url: 'file.pdf' } }) },
  { what: 'card dueDate not a date', ...typed('cards', 'create-card-item', { data: { title: 'x', dueDate: 'tomorrow' } }) },
  { what: 'bulk sticky note with data.url', ...bulk([{ type: 'sticky_note', data: { content: 'x', url: 'https://example.com/a.png' } }]) },
  { what: 'bulk sticky note with a bad colour', ...bulk([{ type: 'sticky_note', data: { content: 'x' }, style: { fillColor: 'not_a_colour' } }]) },
  { what: 'bulk sticky note with width and height', ...bulk([{ type: 'sticky_note', geometry: { width: 10, height: 10 } }]) },
];

/** Valid calls of the simulated operations, whose responses must validate. */
export const VALID_CALLS: Probe[] = [
  { what: 'create board', operationId: 'create-board', method: 'POST', path: () => '/v2/boards', body: { name: 'Conformance' } },
  { what: 'list boards', operationId: 'get-boards', method: 'GET', path: () => '/v2/boards' },
  { what: 'read board', operationId: 'get-specific-board', method: 'GET', path: board },
  { what: 'update board', operationId: 'update-board', method: 'PATCH', path: board, body: { description: 'checked' } },
  { what: 'create sticky note', ...note({ data: { content: 'hello' }, style: { fillColor: 'yellow' }, geometry: { width: 200 } }) },
  { what: 'create shape', ...typed('shapes', 'create-shape-item', { data: { shape: 'circle', content: 'o' }, style: { fontSize: '14' } }) },
  { what: 'create text', ...typed('texts', 'create-text-item', { data: { content: 'text' } }) },
  { what: 'create card', ...typed('cards', 'create-card-item', { data: { title: 'card', dueDate: '2026-12-01T10:00:00Z' } }) },
  { what: 'create image', ...typed('images', 'create-image-item-using-url', { data: { url: 'https://example.com/a.png' } }) },
  { what: 'create frame', ...typed('frames', 'create-frame-item', { data: { title: 'frame' } }) },
  {
    what: 'bulk create',
    ...bulk([
      { type: 'sticky_note', data: { content: 'a' } },
      { type: 'shape', data: { shape: 'rectangle' } },
    ]),
  },
  { what: 'list items', operationId: 'get-items', method: 'GET', path: (ids) => `${board(ids)}/items?limit=50` },
  { what: 'read item', operationId: 'get-specific-item', method: 'GET', path: (ids) => `${board(ids)}/items/${ids.item}` },
  {
    what: 'move item',
    operationId: 'update-item-position-or-parent',
    method: 'PATCH',
    path: (ids) => `${board(ids)}/items/${ids.item}`,
    body: { position: { x: 10, y: 10 } },
  },
  {
    what: 'create connector',
    operationId: 'create-connector',
    method: 'POST',
    path: (ids) => `${board(ids)}/connectors`,
    body: (ids: Ids) => ({ startItem: { id: ids.item }, endItem: { id: ids.other } }),
  },
  { what: 'list connectors', operationId: 'get-connectors', method: 'GET', path: (ids) => `${board(ids)}/connectors` },
  { what: 'create tag', operationId: 'create-tag', method: 'POST', path: (ids) => `${board(ids)}/tags`, body: { title: 'urgent', fillColor: 'red' } },
  { what: 'list tags', operationId: 'get-tags-from-board', method: 'GET', path: (ids) => `${board(ids)}/tags` },
  { what: 'list members', operationId: 'get-board-members', method: 'GET', path: (ids) => `${board(ids)}/members` },
  { what: 'token info', operationId: 'token-info', method: 'GET', path: () => '/v1/oauth-token' },
  { what: 'a 404', operationId: 'get-specific-board', method: 'GET', path: () => '/v2/boards/no-such-board' },
];

export interface Conformance {
  schemaInvalid: { refused: number; total: number; accepted: string[] };
  ruleBreaking: { refused: number; total: number; accepted: string[] };
  responses: { valid: number; total: number; invalid: string[] };
}

/** Runs the corpus against a running simulator whose token is `token`. */
export async function measureConformance(sim: MiroSimulator, token: string): Promise<Conformance> {
  const call = httpClient(sim, token);
  const target = sim.state.createBoard({ name: 'Conformance target' });
  const [item, other] = sim.state.addItems(target.id, 2).map((entry) => entry.id);
  const ids: Ids = { board: target.id, item: item!, other: other! };
  const send = (probe: Probe): Promise<SimAnswer> =>
    call(probe.method, probe.path(ids), typeof probe.body === 'function' ? (probe.body as (ids: Ids) => unknown)(ids) : probe.body);
  const refusals = async (probes: Probe[]) => {
    const accepted: string[] = [];
    for (const probe of probes) if ((await send(probe)).status < 400) accepted.push(probe.what);
    return { refused: probes.length - accepted.length, total: probes.length, accepted };
  };
  const schemaInvalid = await refusals(SCHEMA_INVALID);
  const ruleBreaking = await refusals(RULE_BREAKING);
  const invalid: string[] = [];
  let total = 0;
  const judge = (what: string, operationId: string, answer: SimAnswer) => {
    const problems = responseProblems(operationId, answer.status, answer.body);
    if (problems === undefined) return;
    total += 1;
    if (problems.length) invalid.push(`${what} (${answer.status}): ${problems.join('; ')}`);
  };
  for (const probe of VALID_CALLS) judge(probe.what, probe.operationId, await send(probe));
  // Refusals are answers too: their bodies must have the document's error shape.
  for (const probe of [...SCHEMA_INVALID, ...RULE_BREAKING]) judge(`refused ${probe.what}`, probe.operationId, await send(probe));
  return { schemaInvalid, ruleBreaking, responses: { valid: total - invalid.length, total, invalid } };
}
