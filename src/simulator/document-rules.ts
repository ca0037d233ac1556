/**
 * Rules Miro's document states in prose, not in its schemas, written into the schemas the
 * simulator validates with (document-validator.ts). Each names the schemas it touches by the
 * document's own names, so that a schema renamed in a new document fails loudly.
 */

type Schema = Record<string, unknown>;

/** "You can set either the width or height, you cannot set both": fixed-ratio items (sticky notes, images, embeds). */
const FIXED_RATIO = /^FixedRatio(NoRotation)?Geometry/;

/** URLs of content Miro fetches: an http(s) URL, though the document types each as any string. */
const CONTENT_URLS = /^(ImageUrlData|DocumentUrlData|EmbedUrlData)/;

/**
 * What a bulk item of each type may hold: what that type's own create operation takes. The
 * document's bulk schema mixes every type's `data` and `style`; Miro checks each item as the
 * single-item call checks it, and fields of another type are refused. The generator keeps the
 * same table for the client (BULK_ITEM_BODIES); written twice on purpose, so that the
 * simulator's judgement never follows from the client's.
 */
export const BULK_ITEM_REQUESTS: Record<string, string> = {
  app_card: 'AppCardCreateRequest',
  text: 'TextCreateRequest',
  shape: 'ShapeCreateRequest',
  sticky_note: 'StickyNoteCreateRequest',
  image: 'ImageCreateRequest',
  document: 'DocumentCreateRequest',
  card: 'CardCreateRequest',
  frame: 'FrameCreateRequest',
  embed: 'EmbedCreateRequest',
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const refName = (schema: unknown) => (typeof (schema as Schema)?.$ref === 'string' ? ((schema as Schema).$ref as string).split('/').pop()! : undefined);

/** A copy of the document's component schemas with the written rules added. */
export function withWrittenRules(schemas: Record<string, unknown>): Record<string, unknown> {
  const ruled = anyOfShapes(numericStrings(structuredClone(schemas))) as Record<string, Schema>;
  for (const [name, schema] of Object.entries(ruled)) {
    if (FIXED_RATIO.test(name)) schema.not = { required: ['width', 'height'] };
    const url = (schema.properties as Record<string, Schema> | undefined)?.url;
    if (CONTENT_URLS.test(name) && url) Object.assign(url, { format: 'uri', pattern: '^https?://' });
  }
  ruled.MiroRxBulkItem = bulkItem(ruled);
  return ruled;
}

/**
 * The document writes `oneOf` for "one of these shapes" over object schemas that overlap (a
 * sticky note's data is also a valid shape's and text's data), where JSON Schema's `oneOf`
 * demands exactly one match and would refuse every such body: read as `anyOf`.
 */
export function anyOfShapes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anyOfShapes);
  if (!node || typeof node !== 'object') return node;
  const schema = node as Schema;
  for (const [key, value] of Object.entries(schema)) schema[key] = anyOfShapes(value);
  if (Array.isArray(schema.oneOf)) {
    schema.anyOf = schema.oneOf;
    delete schema.oneOf;
  }
  return schema;
}

/**
 * Sizes typed as strings with a numeric range (`fontSize`: "10" to "288"): JSON Schema ignores
 * `minimum` on a string, so the range moves to the `numericString` keyword.
 */
function numericStrings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(numericStrings);
  if (!node || typeof node !== 'object') return node;
  const schema = node as Schema;
  for (const [key, value] of Object.entries(schema)) schema[key] = numericStrings(value);
  if (schema.type === 'string' && (schema.minimum !== undefined || schema.maximum !== undefined)) {
    schema.numericString = { minimum: schema.minimum, maximum: schema.maximum };
    delete schema.minimum;
    delete schema.maximum;
  }
  return schema;
}

/** The document's bulk item, plus: an item of type T holds what T's own create takes, and only T's data fields. */
function bulkItem(schemas: Record<string, Schema>): Schema {
  const byType = Object.entries(BULK_ITEM_REQUESTS).map(([type, request]) => {
    const properties = (schemas[request]?.properties ?? {}) as Record<string, Schema>;
    const dataName = refName(properties.data);
    const dataFields = Object.keys(((dataName && schemas[dataName]?.properties) ?? {}) as Schema);
    const then: Schema = { ...ref(request), properties: { data: { propertyNames: { enum: dataFields } } } };
    return { if: { properties: { type: { const: type } }, required: ['type'] }, then };
  });
  // Not the document's ItemCreate: its `data` is a oneOf of every type's data, which nearly any item matches twice.
  return { type: 'object', required: ['type'], properties: { type: ref('ItemTypeChange') }, allOf: byType };
}

/** The bulk body of the document with each item judged by `MiroRxBulkItem`. */
export function bulkBody(body: unknown): unknown {
  const schema = structuredClone(body) as Schema;
  if (schema?.type === 'array') schema.items = ref('MiroRxBulkItem');
  return schema;
}
