import type { Schema } from './spec-model.js';

/** Name of the component a `#/components/schemas/X` ref points at, or undefined. */
export function schemaRefName(schema: Schema | undefined): string | undefined {
  const ref = schema?.$ref;
  if (typeof ref !== 'string') return undefined;
  const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
  if (!match) throw new Error(`unsupported $ref ${ref}`);
  return decodeURIComponent(match[1]!);
}

/** Follows refs until a concrete schema; throws on a ref to nothing. */
export function derefSchema(schema: Schema, schemas: Record<string, Schema>): Schema {
  let current = schema;
  for (let depth = 0; depth < 20; depth += 1) {
    const name = schemaRefName(current);
    if (!name) return current;
    const target = schemas[name];
    if (!target) throw new Error(`schema $ref ${current.$ref} points at nothing`);
    current = target;
  }
  throw new Error(`schema $ref chain too deep at ${schema.$ref}`);
}

/** Names of every component reachable from the given schemas. */
export function reachableComponents(roots: Schema[], schemas: Record<string, Schema>): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const name = schemaRefName(node as Schema);
    if (name !== undefined) {
      if (found.has(name)) return;
      found.add(name);
      visit(schemas[name]);
      return;
    }
    for (const value of Object.values(node)) visit(value);
  };
  roots.forEach(visit);
  return found;
}
