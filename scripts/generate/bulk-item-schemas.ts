/**
 * Replaces the document's `ItemCreate` (one object mixing every type's fields) with a union of
 * one schema per type, each the body of that type's own create operation plus its `type`
 * (see BULK_ITEM_BODIES). Types, validators and the simulator then judge a bulk sticky note
 * exactly as `createStickyNoteItem` judges one.
 */
import { BULK_ITEM_BODIES } from './miro-facts.js';
import { pascalCase } from './naming.js';
import type { Schema } from './spec-model.js';
import { derefSchema } from './schema-refs.js';

/** Where a schema the generator made says what it is (its doc comment): it is no schema of Miro's. */
export const SUMMARY = 'x-miro-rx-summary';

/** Where a bulk item's `data` lists the fields only other types have, refused by `withoutOtherTypesFields`. */
export const OTHER_TYPES_FIELDS = 'x-miro-rx-other-types-fields';

/** Name of the bulk item schema of `type`: `sticky_note` -> `StickyNoteItemCreate`. */
export function bulkItemSchemaName(type: string): string {
  return `${pascalCase(type)}ItemCreate`;
}

/** Rewrites `schemas` in place; the per-type schemas come just before `ItemCreate`. */
export function splitBulkItemSchema(schemas: Record<string, Schema>): void {
  if (!schemas.ItemCreate) throw new Error('the document has no ItemCreate schema to split');
  const members: Record<string, Schema> = {};
  const dataFields = (body: string) => Object.keys(derefSchema(schemas[body]?.properties?.data ?? {}, schemas).properties ?? {});
  const everyDataField = new Set(Object.values(BULK_ITEM_BODIES).flatMap(dataFields));
  for (const [type, body] of Object.entries(BULK_ITEM_BODIES)) {
    const source = schemas[body];
    if (!source?.properties) throw new Error(`bulk item of type ${type}: schema ${body} is missing or has no properties`);
    const name = bulkItemSchemaName(type);
    if (schemas[name]) throw new Error(`bulk item schema ${name} would replace one of the document's`);
    members[name] = {
      [SUMMARY]: `A bulk item of type \`${type}\`: Miro schema \`${body}\` (the body of its own create operation) with its \`type\``,
      type: 'object',
      required: ['type', ...(source.required ?? [])],
      properties: { type: { type: 'string', enum: [type] }, ...source.properties },
    };
    const own = new Set(dataFields(body));
    const others = [...everyDataField].filter((field) => !own.has(field)).sort();
    if (source.properties.data && others.length) {
      members[name].properties.data = { allOf: [source.properties.data], [OTHER_TYPES_FIELDS]: { type, fields: others } };
    }
  }
  const union = { oneOf: Object.keys(members).map((name) => ({ $ref: `#/components/schemas/${name}` })), discriminator: { propertyName: 'type' } };
  const entries = Object.entries(schemas);
  for (const key of Object.keys(schemas)) delete schemas[key];
  for (const [key, schema] of entries) {
    if (key === 'ItemCreate') Object.assign(schemas, members, { ItemCreate: union });
    else schemas[key] = schema;
  }
}
