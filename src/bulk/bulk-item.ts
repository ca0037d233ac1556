import type { Geometry, Item, ItemCreate, Parent, PositionChange } from '../generated/types.js';
import type { MiroFile } from '../files/miro-file.js';

/**
 * An item described in JSON, as `createItems` takes it: sticky notes, shapes, text, cards,
 * app cards, frames, embeds, and images or documents by URL.
 */
export type BulkJsonItem = ItemCreate;

/**
 * An image or document made from a file. Everything but `file` travels in the `data` JSON
 * of a from-device bulk call; the file travels as the matching `resources` part.
 *
 * @example
 * ```ts
 * const item: BulkFileItem = {
 *   type: 'image',
 *   file: { data: pngBytes, fileName: 'diagram.png' },
 *   title: 'Architecture',
 *   position: { x: 0, y: 0, origin: 'center' },
 *   geometry: { width: 800 },
 *   parent: { id: frameId },
 * };
 * ```
 */
export interface BulkFileItem {
  type: 'image' | 'document';
  /** The bytes: `{ data, fileName, contentType? }`, a browser `File`, or what `miro-rx/node` makes from a path or stream. */
  file: MiroFile;
  title?: string;
  position?: PositionChange & { origin?: 'center' };
  geometry?: Geometry;
  parent?: Parent;
  /** Other fields Miro accepts are passed on as they are. */
  [field: string]: unknown;
}

/** One input of `bulkCreateItems`: a JSON item or a file item (told apart by `file`). */
export type BulkItem = BulkJsonItem | BulkFileItem;

/** The input at `index` was created: `item` is Miro's answer for it. */
export interface BulkItemCreated<T extends BulkItem = BulkItem> {
  /** Position of the input in what was given (0-based). */
  index: number;
  input: T;
  item: Item;
  error?: undefined;
}

/**
 * The input at `index` was not created. `error` is the failure of the call that carried it
 * (with bisection, of the smallest call that still failed), or a `MiroValidationError` when
 * it was refused before sending.
 */
export interface BulkItemFailed<T extends BulkItem = BulkItem> {
  index: number;
  input: T;
  item?: undefined;
  error: Error;
}

/** What `bulkCreateItems` emits once per input, in input order. */
export type BulkItemResult<T extends BulkItem = BulkItem> = BulkItemCreated<T> | BulkItemFailed<T>;

/** True for an item made from a file. */
export function isBulkFileItem(item: BulkItem): item is BulkFileItem {
  return typeof item === 'object' && item !== null && 'file' in item && (item as BulkFileItem).file !== undefined;
}

/** The `data` description of a file item: the item without its bytes. */
export function fileItemDescription(item: BulkFileItem): Record<string, unknown> {
  const { file: _file, ...description } = item;
  return description;
}
