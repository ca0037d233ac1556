import type { BulkJsonItem, GenericItem } from '../../../src/index.js';

/** A source item as listings give it (Miro's simulator and some types also carry `style`). */
export type SourceItem = GenericItem & { style?: Record<string, unknown> };

/** Data fields each creatable type accepts; read-only fields (ids, rendered URLs) are left out. */
const DATA_FIELDS: Record<string, readonly string[]> = {
  sticky_note: ['content', 'shape'],
  shape: ['content', 'shape'],
  text: ['content'],
  card: ['title', 'description', 'dueDate'],
  app_card: ['title', 'description', 'fields', 'status'],
  frame: ['title', 'format', 'type', 'showContent'],
  image: ['title', 'url'],
  document: ['title', 'url'],
  embed: ['url', 'previewUrl', 'mode'],
};

/**
 * Geometry a create call accepts per type: Miro derives a sticky note's or text's height from
 * its width and refuses both at once, as it does for images and embeds (fixed ratio).
 */
const GEOMETRY_FIELDS: Record<string, readonly string[]> = {
  sticky_note: ['width'],
  image: ['width', 'rotation'],
  embed: ['width'],
  text: ['width', 'rotation'],
  frame: ['width', 'height'],
};
const DEFAULT_GEOMETRY_FIELDS = ['width', 'height', 'rotation'];

/** Where an item's URL is, when listings name it after the type (`imageUrl`, `documentUrl`). */
const URL_FIELDS: Record<string, string> = { image: 'imageUrl', document: 'documentUrl' };

export type ItemCopy =
  | { kind: 'create'; item: BulkJsonItem }
  /** Never copyable (kept in the journal so reruns skip it). */
  | { kind: 'unsupported'; reason: string }
  /** Not copyable yet: its parent frame has no copy. */
  | { kind: 'waiting'; reason: string };

/** True for types the bulk endpoint creates. */
export function isCopyableType(type: string): boolean {
  return type in DATA_FIELDS;
}

/**
 * The create description of a source item's copy: same type, content, style, position and
 * size, under the copy of its parent frame (`parentCopyId`).
 */
export function copyOfItem(source: SourceItem, parentCopyId: string | undefined): ItemCopy {
  const fields = DATA_FIELDS[source.type];
  if (!fields) return { kind: 'unsupported', reason: `type ${source.type} cannot be created through the REST API` };
  if (source.parent?.id && !parentCopyId) return { kind: 'waiting', reason: `its parent frame ${source.parent.id} has no copy` };
  const sourceData = (source.data ?? {}) as Record<string, unknown>;
  const data = pick(sourceData, fields);
  const urlField = URL_FIELDS[source.type];
  if (urlField && data.url === undefined && typeof sourceData[urlField] === 'string') data.url = sourceData[urlField];
  if ((source.type === 'image' || source.type === 'document' || source.type === 'embed') && typeof data.url !== 'string') {
    return { kind: 'unsupported', reason: `${source.type} has no URL to copy it from` };
  }
  const item: Record<string, unknown> = { type: source.type, data };
  if (source.style && Object.keys(source.style).length > 0) item.style = { ...source.style };
  if (source.position) item.position = { x: source.position.x ?? 0, y: source.position.y ?? 0 };
  const geometry = pick((source.geometry ?? {}) as Record<string, unknown>, GEOMETRY_FIELDS[source.type] ?? DEFAULT_GEOMETRY_FIELDS);
  if (Object.keys(geometry).length > 0) item.geometry = geometry;
  if (parentCopyId) item.parent = { id: parentCopyId };
  return { kind: 'create', item: item as BulkJsonItem };
}

function pick(from: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (from[key] !== undefined && from[key] !== null) picked[key] = from[key];
  return picked;
}
