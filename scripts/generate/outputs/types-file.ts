/** Emits types.ts: every component schema as a type, and each operation's query, body and answer. */
import type { ModelOperation, Schema } from '../spec-model.js';
import { derefSchema } from '../schema-refs.js';
import { tsType, type TypeContext } from '../emit-types.js';
import { multipartParts } from '../emit-operations.js';
import { docComment, schemaFacts } from '../emit-docs.js';
import { propertyKey } from '../naming.js';
import { boardItemLines, itemTypeUnion, unnamedItemTypeLines } from '../emit-board-items.js';
import { DISCRIMINATED_ITEM_SCHEMAS, ITEM_PAGE_SCHEMAS, TYPED_ITEM_SCHEMAS } from '../miro-facts.js';
import type { Generation } from '../generation.js';
import { SUMMARY } from '../bulk-item-schemas.js';

const NUMERIC_NAMES = ['limit', 'offset', 'count', 'startIndex'];

function queryType(op: ModelOperation, gen: Generation): string {
  const { schemas } = gen.model;
  const filter = gen.names.itemFilter(op);
  const lines = op.queryParameters.map((p) => {
    const schema = derefSchema(p.schema, schemas);
    let type: string;
    if (filter && p.name === 'type') {
      type = 'T';
    } else if (schema.type === 'integer' || schema.type === 'number' || NUMERIC_NAMES.includes(p.name)) {
      type = 'number | string';
    } else if (schema.type === 'array') {
      const item = tsType(derefSchema(schema.items ?? {}, schemas), gen.inputTypeContext);
      type = `${item} | Array<${item}>`;
    } else {
      type = tsType(schema, gen.inputTypeContext);
    }
    const facts = schemaFacts(p.schema, schemas);
    const doc = docComment([`${p.name !== p.key ? `Sent as \`${p.name}\`: ` : ''}${facts.join(', ')}.`], '  ');
    return [...doc, `  ${propertyKey(p.key)}${p.required ? '' : '?'}: ${type};`].join('\n');
  });
  return `{\n${lines.join('\n')}\n}`;
}

function bodyType(op: ModelOperation, gen: Generation): string {
  const parts = multipartParts(op, gen.model.schemas);
  if (!parts) return tsType(op.body!.schema, gen.inputTypeContext);
  const schema = derefSchema(op.body!.schema, gen.model.schemas);
  const lines = parts.map(({ name, kind, required }) => {
    const type =
      kind === 'file'
        ? 'MiroFile'
        : kind === 'files'
          ? 'Array<MiroFile>'
          : op.jsonFileParts.includes(name)
            ? 'MiroFile | Array<Record<string, unknown>>'
            : tsType(schema.properties[name], gen.inputTypeContext, '  ');
    return `  ${propertyKey(name)}${required ? '' : '?'}: ${type};`;
  });
  return `{\n${lines.join('\n')}\n}`;
}

function componentLines(name: string, schema: Schema, gen: Generation, inputComponents: ReadonlySet<string>): string[] {
  const typeName = gen.componentNames.get(name)!;
  const union = DISCRIMINATED_ITEM_SCHEMAS[name];
  if (union) return boardItemLines(union, typeName, schema, gen.typeContext, gen.model.schemas);
  if (ITEM_PAGE_SCHEMAS.includes(name)) {
    // Generic in its items, so that a filtered read lists only the filter's type.
    const itemContext: TypeContext = {
      ...gen.typeContext,
      componentName: (ref) => (ref === 'GenericItem' ? 'Item' : gen.typeContext.componentName(ref)),
    };
    return [`/** A page of board items (Miro schema \`${name}\`). */`, `export type ${typeName}<Item = BoardItem> = ${tsType(schema, itemContext)};`, ''];
  }
  const literal = TYPED_ITEM_SCHEMAS[name];
  // A typed-item answer's `type` is one literal, so that it joins the BoardItem discrimination.
  const typed = literal ? { ...schema, properties: { ...schema.properties, type: { type: 'string', enum: [literal] } } } : schema;
  const context = inputComponents.has(name) ? gen.inputTypeContext : gen.typeContext;
  return [`/** ${schema[SUMMARY] ? `${schema[SUMMARY]}.` : `Miro schema \`${name}\`.`} */`, `export type ${typeName} = ${tsType(typed, context)};`, ''];
}

function operationLines(op: ModelOperation, gen: Generation): string[] {
  const filter = gen.names.itemFilter(op);
  const lines: string[] = [];
  const queryName = gen.opTypeName(op, 'Query') + (filter ? `<T extends ${filter} = ${filter}>` : '');
  if (op.queryParameters.length) lines.push(`/** Query parameters of ${op.operationId}. */`, `export type ${queryName} = ${queryType(op, gen)};`, '');
  if (op.body) lines.push(`/** Request body of ${op.operationId}. */`, `export type ${gen.opTypeName(op, 'Body')} = ${bodyType(op, gen)};`, '');
  const success = tsType(op.successSchema, gen.typeContext);
  const successType = filter ? `${success}<BoardItemOfType<T>>` : success;
  const response = op.emptyResponse ? 'undefined' : `${successType}${op.successMayBeEmpty ? ' | undefined' : ''}`;
  const responseName = gen.opTypeName(op, 'Response') + (filter ? `<T extends ${filter} = never>` : '');
  lines.push(`/** Parsed answer of ${op.operationId}. */`, `export type ${responseName} = ${response};`, '');
  return lines;
}

export function typesFile(gen: Generation): string {
  const inputComponents = new Set(gen.inputComponents);
  return [
    gen.header,
    "import type { MiroFile } from '../files/miro-file.js';",
    "import type { Int64Input } from '../http/int64-json.js';",
    '',
    'export type { Int64Input };',
    '',
    '/** An int64 in an answer: a number, or its exact digits as a string beyond 2^53 (9007199254740991). */',
    'export type Int64 = number | string;',
    '',
    '/** Every item type the get-items filter takes. */',
    `export type BoardItemType = ${itemTypeUnion};`,
    '',
    ...unnamedItemTypeLines,
    ...Object.entries(gen.model.schemas).flatMap(([name, schema]) => componentLines(name, schema, gen, inputComponents)),
    ...gen.model.operations.flatMap((op) => operationLines(op, gen)),
  ].join('\n');
}
