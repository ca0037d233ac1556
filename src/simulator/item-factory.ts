import type { SimulatorItem } from './types.js';
import type { BoardRecord, BoardStore } from './board-store.js';
import { invalidParameters } from './miro-errors.js';

/** Item types the REST API creates, with the data field each one cannot do without. */
const REQUIRED_DATA: Record<string, string | undefined> = {
  sticky_note: undefined,
  shape: undefined,
  text: 'content',
  card: undefined,
  app_card: undefined,
  image: 'url',
  document: 'url',
  embed: 'url',
  frame: undefined,
  doc_format: 'content',
};

const DEFAULT_GEOMETRY: Record<string, SimulatorItem['geometry']> = {
  sticky_note: { width: 199, height: 228 },
  shape: { width: 200, height: 200, rotation: 0 },
  text: { width: 320, rotation: 0 },
  card: { width: 320, height: 94, rotation: 0 },
  app_card: { width: 320, height: 94, rotation: 0 },
  image: { width: 512, height: 512 },
  document: { width: 320, height: 450 },
  embed: { width: 720, height: 405 },
  frame: { width: 800, height: 450 },
  doc_format: { width: 600, height: 400 },
};

const DEFAULT_DATA: Record<string, Record<string, unknown>> = {
  sticky_note: { content: '', shape: 'square' },
  shape: { content: '', shape: 'rectangle' },
  card: { title: '' },
  app_card: { title: '', status: 'disconnected' },
  frame: { title: '', format: 'custom', type: 'freeform', showContent: true },
};

/** True for the types the simulator creates. */
export function isCreatableType(type: unknown): type is string {
  return typeof type === 'string' && type in REQUIRED_DATA;
}

/** A new item's description: what a create call sends, plus its type. */
export interface ItemDescription {
  type: string;
  data?: Record<string, unknown>;
  style?: Record<string, unknown>;
  position?: { x?: number; y?: number; [field: string]: unknown };
  geometry?: Record<string, unknown>;
  parent?: { id?: string };
  [field: string]: unknown;
}

/**
 * Checks a description before anything is created, so that a bulk call can refuse the whole
 * batch. `where` names the item in messages, e.g. `items[3]`.
 */
export function checkItemDescription(
  record: BoardRecord,
  description: unknown,
  where: string,
  options: { partial?: boolean } = {},
): asserts description is ItemDescription {
  if (!isObject(description)) throw invalidParameters(`${where} must be an object`, where);
  if (!isCreatableType(description.type)) {
    throw invalidParameters(`${where}.type must be one of ${Object.keys(REQUIRED_DATA).join(', ')}, got ${JSON.stringify(description.type)}`, `${where}.type`);
  }
  for (const key of ['data', 'style', 'position', 'geometry', 'parent'] as const) {
    if (description[key] !== undefined && !isObject(description[key])) throw invalidParameters(`${where}.${key} must be an object`, `${where}.${key}`);
  }
  const required = REQUIRED_DATA[description.type];
  const data = description.data as Record<string, unknown> | undefined;
  if (required && !options.partial && (typeof data?.[required] !== 'string' || data[required] === '')) {
    throw invalidParameters(`${where}.data.${required} is required for a ${description.type} item`, `${where}.data.${required}`);
  }
  const position = description.position as Record<string, unknown> | undefined;
  for (const axis of ['x', 'y']) {
    if (position?.[axis] !== undefined && typeof position[axis] !== 'number')
      throw invalidParameters(`${where}.position.${axis} must be a number`, `${where}.position.${axis}`);
  }
  const parentId = (description.parent as { id?: unknown } | undefined)?.id;
  if (parentId !== undefined) {
    const parent = record.items.get(String(parentId));
    if (parent?.value.type !== 'frame') throw invalidParameters(`${where}.parent.id ${String(parentId)} is not a frame on this board`, `${where}.parent.id`);
  }
}

/** Builds (does not store) the item a checked description creates. */
export function buildItem(store: BoardStore, description: ItemDescription, userId: string): SimulatorItem {
  const at = store.timestamp();
  const user = { id: userId, type: 'user' };
  const { type, data, style, position, geometry, parent, ...rest } = description;
  const parentId = parent?.id;
  const item: SimulatorItem = {
    ...rest,
    id: store.ids.next(),
    type,
    data: { ...DEFAULT_DATA[type], ...data },
    style: { ...style },
    position: {
      x: position?.x ?? 0,
      y: position?.y ?? 0,
      origin: 'center',
      relativeTo: parentId ? 'parent_top_left' : 'canvas_center',
    },
    geometry: { ...DEFAULT_GEOMETRY[type], ...geometry },
    createdAt: at,
    createdBy: user,
    modifiedAt: at,
    modifiedBy: user,
  };
  if (parentId) item.parent = { id: String(parentId) };
  return item;
}

/** Applies an update (data, style, position, geometry, parent) to a stored item. */
export function applyItemChanges(store: BoardStore, record: BoardRecord, item: SimulatorItem, changes: unknown, userId: string): void {
  if (!isObject(changes)) throw invalidParameters('the request body must be an object');
  checkItemDescription(record, { ...changes, type: item.type }, 'body', { partial: true });
  const { data, style, position, geometry, parent } = changes as ItemDescription;
  if (parent?.id === item.id) throw invalidParameters('an item cannot be its own parent', 'body.parent.id');
  if (data) item.data = { ...item.data, ...data };
  if (style) item.style = { ...item.style, ...style };
  if (geometry) item.geometry = { ...item.geometry, ...geometry };
  if (position) item.position = { ...item.position!, ...(position as { x: number; y: number }) };
  if (parent !== undefined) {
    if (parent.id) item.parent = { id: String(parent.id) };
    else delete item.parent;
    item.position = { ...item.position!, relativeTo: parent.id ? 'parent_top_left' : 'canvas_center' };
  }
  item.modifiedAt = store.timestamp();
  item.modifiedBy = { id: userId, type: 'user' };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
