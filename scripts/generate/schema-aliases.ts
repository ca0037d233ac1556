/**
 * Readable component names. Miro's document repeats many schemas per API area with an invented
 * suffix (`StickyNoteDataPlatformbulkcreateoperation`, `GeometryPlatformTags`) or a lower-case
 * twin (`createdBy` beside `CreatedBy`). A copy identical to its base becomes the base; a copy
 * that differs gets a readable prefix; a schema named like a global (`Error`) is renamed so that
 * auto-import never shadows the global.
 */
import type { Schema } from './spec-model.js';

const AREA = /_?Platform([A-Za-z]*)$/;

/** Prefix for a copy that differs from its base, by the area the document's suffix names. */
const AREA_PREFIXES: Record<string, string> = {
  bulkcreateoperation: 'Bulk',
  createitemsinbulkusingfilefromdevice: 'BulkFile',
  Containers: 'Container',
  Tags: 'Tagged',
  FileUpload: 'Upload',
  ExperimentalFeatures: 'Experimental',
  groups: 'Grouped',
  '': '',
};

/** Component names that would shadow a global of JavaScript or the DOM. */
const GLOBAL_RENAMES: Record<string, string> = { Error: 'ErrorBody' };

const upperFirst = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** The name a copy would merge into, if its base exists. */
function baseOf(name: string, schemas: Record<string, Schema>): string | undefined {
  const stripped = name.replace(AREA, '');
  for (const candidate of [upperFirst(stripped), stripped]) {
    if (candidate !== name && candidate in schemas) return candidate;
  }
  return undefined;
}

function rewriteRefs(node: unknown, rename: (name: string) => string): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, rename));
  if (!node || typeof node !== 'object') return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const match = key === '$ref' && typeof value === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(value) : null;
    result[key] = match ? `#/components/schemas/${rename(decodeURIComponent(match[1]!))}` : rewriteRefs(value, rename);
  }
  return result;
}

/**
 * Rewrites the document in place: merges identical copies into their base and renames the rest.
 * Two schemas are identical when they are equal with every ref already merged; merges that turn
 * out unequal are dropped until none change (so a copy pointing at a differing copy stays apart).
 */
export function normaliseSchemaNames(document: { components?: { schemas?: Record<string, Schema>; parameters?: unknown }; paths?: unknown }): void {
  const schemas = document.components?.schemas;
  if (!schemas) return;
  const merges = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    const base = baseOf(name, schemas);
    if (base) merges.set(name, base);
  }
  const canonical = (name: string): string => merges.get(name) ?? name;
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, base] of merges) {
      const left = JSON.stringify(rewriteRefs(schemas[name], canonical));
      const right = JSON.stringify(rewriteRefs(schemas[base], canonical));
      if (left !== right) {
        merges.delete(name);
        changed = true;
      }
    }
  }
  const renames = new Map<string, string>();
  const taken = new Set(Object.keys(schemas).filter((name) => !merges.has(name)));
  for (const name of taken) {
    const area = AREA.exec(name);
    let readable = GLOBAL_RENAMES[name] ?? name;
    if (area && AREA_PREFIXES[area[1]!] !== undefined) {
      const stripped = upperFirst(name.replace(AREA, ''));
      readable = stripped in schemas ? `${AREA_PREFIXES[area[1]!]}${stripped}` : stripped;
    }
    if (readable !== name && !taken.has(readable) && ![...renames.values()].includes(readable)) renames.set(name, readable);
  }
  const finalName = (name: string) => {
    const merged = canonical(name);
    return renames.get(merged) ?? merged;
  };
  const rebuilt: Record<string, Schema> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    if (merges.has(name)) continue;
    rebuilt[finalName(name)] = rewriteRefs(schema, finalName) as Schema;
  }
  document.components!.schemas = rebuilt;
  document.paths = rewriteRefs(document.paths, finalName);
  if (document.components!.parameters) document.components!.parameters = rewriteRefs(document.components!.parameters, finalName);
}
