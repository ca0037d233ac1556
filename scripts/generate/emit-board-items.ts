/**
 * Emits board items as a union discriminated by `type` (see ITEM_DATA_BY_TYPE in miro-facts.ts):
 * `if (item.type === 'sticky_note')` and `switch (item.type)` narrow `data` and `style` to that
 * type, and a `{ type }` filter narrows what a read emits. Types Miro adds later arrive as the
 * open member, whose `type` is `UnnamedItemType` (see there); nothing at run time checks `type`.
 */
import type { Schema } from './spec-model.js';
import { ITEM_DATA_BY_TYPE, TYPED_ITEM_SCHEMAS } from './miro-facts.js';
import { pascalCase } from './naming.js';
import { tsType, type TypeContext } from './emit-types.js';

/** Every type the get-items filter names, as a TypeScript union. */
export const itemTypeUnion = Object.keys(ITEM_DATA_BY_TYPE)
  .map((type) => JSON.stringify(type))
  .join(' | ');

/**
 * The `type` of an item of a type this client does not name. TypeScript cannot subtract names
 * from `string`, and an open member typed `string` keeps every comparison from narrowing: the
 * pattern below matches no real type (Miro's are snake_case words), so comparing `item.type` to
 * a named type leaves only that type's member, and `default:` keeps this one.
 */
export const unnamedItemTypeLines = [
  '/**',
  ' * The `type` of an item of a type this client does not name yet (Miro adds item types). Written',
  ' * as a pattern no real type matches, so that `item.type === "sticky_note"` and `switch (item.type)`',
  ' * narrow `data`; such items still arrive, and reach `default:`. Compare an unnamed type as a',
  ' * string: `(item.type as string) === "mindmap_node"`.',
  ' */',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: this is TypeScript source text, a template literal type.
  'export type UnnamedItemType = `${string}<unnamed>`;',
  '',
];

/**
 * Fields the live API sends on every item of a type though the document's item schema
 * (`GenericItem`) leaves them out: `style` (each type's own, as its typed-item answer has it)
 * and `links`. Taken from the typed-item answer schemas (`StickyNoteItem`, ...).
 */
function typedItemFields(type: string, ctx: TypeContext, schemas: Record<string, Schema>): string {
  const answer = Object.entries(TYPED_ITEM_SCHEMAS).find(([, literal]) => literal === type)?.[0];
  const properties: Record<string, Schema> = (answer && schemas[answer]?.properties) || {};
  return ['style', 'links']
    .filter((field) => properties[field])
    .map((field) => `; ${field}?: ${tsType(properties[field], ctx)}`)
    .join('');
}

/** The lines of one discriminated union `union` made from the item schema `schema`. */
export function boardItemLines(union: string, componentType: string, schema: Schema, ctx: TypeContext, schemas: Record<string, Schema>): string[] {
  const fields = `${union}Fields`;
  const lines = [`/** Fields every ${union} has, whatever its type. */`, `export type ${fields} = Omit<${tsType(schema, ctx)}, 'type' | 'data'>;`, ''];
  const members: string[] = [];
  for (const [type, data] of Object.entries(ITEM_DATA_BY_TYPE)) {
    const member = `${pascalCase(type)}${union}`;
    members.push(member);
    const dataType = data ? `${ctx.componentName(data)}` : '{ [field: string]: unknown }';
    lines.push(
      `/** A ${union} whose \`type\` is \`${type}\`. */`,
      `export type ${member} = ${fields} & { type: ${JSON.stringify(type)}; data${data ? '' : '?'}: ${dataType}${typedItemFields(type, ctx, schemas)} };`,
      '',
    );
  }
  lines.push(
    `/** A ${union} of a type this client does not name yet (Miro adds item types); nothing rejects it. */`,
    `export type Unknown${union} = ${fields} & { type: UnnamedItemType; data: { [field: string]: unknown }; style?: { [field: string]: unknown } };`,
    '',
    `/** A ${union} of a type this client names. */`,
    `export type Known${union} = ${members.join(' | ')};`,
    '',
    `/** A ${union}, discriminated by \`type\`: \`if (item.type === 'sticky_note')\` or \`switch (item.type)\` narrows \`data\`. */`,
    `export type ${union} = Known${union} | Unknown${union};`,
    '',
    `/** The ${union} of the types \`T\` (a \`{ type }\` filter); no type, or any \`string\`: any ${union}. */`,
    `export type ${union}OfType<T extends string> = [T] extends [never] ? ${union} : string extends T ? ${union} : T extends Known${union}['type'] ? Extract<Known${union}, { type: T }> : Unknown${union};`,
    '',
    `/** Miro's item schema, as the discriminated {@link ${union}}. */`,
    `export type ${componentType} = ${union};`,
    '',
  );
  return lines;
}
