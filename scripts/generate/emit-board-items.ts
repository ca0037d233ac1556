/**
 * Emits board items as a union discriminated by `type` (see ITEM_DATA_BY_TYPE in miro-facts.ts):
 * `if (item.type === 'sticky_note') item.data.content` compiles, and a `{ type }` filter narrows
 * what a read emits. Types Miro adds later arrive as the open member; nothing at run time
 * checks `type`, these are types only.
 */
import type { Schema } from './spec-model.js';
import { ITEM_DATA_BY_TYPE } from './miro-facts.js';
import { pascalCase } from './naming.js';
import { tsType, type TypeContext } from './emit-types.js';

/** Every type the get-items filter names, as a TypeScript union. */
export const itemTypeUnion = Object.keys(ITEM_DATA_BY_TYPE)
  .map((type) => JSON.stringify(type))
  .join(' | ');

/** The lines of one discriminated union `union` made from the item schema `schema`. */
export function boardItemLines(union: string, componentType: string, schema: Schema, ctx: TypeContext): string[] {
  const fields = `${union}Fields`;
  const lines = [`/** Fields every ${union} has, whatever its type. */`, `export type ${fields} = Omit<${tsType(schema, ctx)}, 'type' | 'data'>;`, ''];
  const members: string[] = [];
  for (const [type, data] of Object.entries(ITEM_DATA_BY_TYPE)) {
    const member = `${pascalCase(type)}${union}`;
    members.push(member);
    const dataType = data ? `${ctx.componentName(data)}` : '{ [field: string]: unknown }';
    lines.push(
      `/** A ${union} whose \`type\` is \`${type}\`. */`,
      `export type ${member} = ${fields} & { type: ${JSON.stringify(type)}; data${data ? '' : '?'}: ${dataType} };`,
      '',
    );
  }
  lines.push(
    `/** A ${union} of a type this client does not name yet (Miro adds item types); nothing rejects it. */`,
    `export type Unknown${union} = ${fields} & { type: string; data: { [field: string]: unknown } };`,
    '',
    `/** A ${union} of a type this client names. */`,
    `export type Known${union} = ${members.join(' | ')};`,
    '',
    `/** A ${union}, discriminated by \`type\`: compare \`item.type\` to narrow \`data\`. */`,
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
