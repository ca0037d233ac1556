import type { PaginationStyle } from '../http/operation.js';

/** Position of a page in a cursor-paged list: the cursor Miro handed back with the page before. */
export interface CursorPosition {
  readonly cursor: string;
}

/** Position of a page in an offset-paged list: how many items come before it (0-based). */
export interface OffsetPosition {
  readonly offset: number;
}

/** Position of a page in a SCIM list: the 1-based index of its first resource. */
export interface ScimPosition {
  readonly startIndex: number;
}

/**
 * Where a page starts. Plain JSON, so a read's position can be saved (to a file, a database)
 * and handed back later as `from` to resume exactly there. `undefined` means the start.
 */
export type PagePosition = CursorPosition | OffsetPosition | ScimPosition;

/** The query parameter each style pages with; the paginator owns it. */
export const POSITION_PARAMETER = {
  cursor: 'cursor',
  offset: 'offset',
  scim: 'startIndex',
} as const satisfies Record<Exclude<PaginationStyle, 'none'>, string>;

/** Checks a caller's `from` against the operation's style; a mismatch would silently restart the read. */
export function checkPosition(style: Exclude<PaginationStyle, 'none'>, from: unknown, operationId: string): PagePosition | undefined {
  if (from === undefined) return undefined;
  const record = (typeof from === 'object' && from !== null ? from : {}) as Record<string, unknown>;
  const key = POSITION_PARAMETER[style];
  const value = record[key];
  const valid =
    style === 'cursor'
      ? typeof value === 'string' && value.length > 0
      : typeof value === 'number' && Number.isInteger(value) && value >= (style === 'scim' ? 1 : 0);
  if (!valid) {
    const expected =
      style === 'cursor' ? '{ cursor: <non-empty string> }' : style === 'offset' ? '{ offset: <integer >= 0> }' : '{ startIndex: <integer >= 1> }';
    throw new TypeError(`${operationId} pages by ${style}: \`from\` must be ${expected}, got ${JSON.stringify(from)}`);
  }
  return { [key]: value } as unknown as PagePosition;
}
