import type { PaginationStyle } from '../http/operation.js';
import type { PageAnswer } from './page-answer.js';
import type { CursorPosition, OffsetPosition, PagePosition, ScimPosition } from './page-position.js';

/** How one paging style asks for a page and finds where the next one starts. */
export interface PagingStyle {
  /** Query parameters that select the page at `position` (`undefined`: the first page). */
  positionQuery(position: PagePosition | undefined): Record<string, string | number>;
  /**
   * Where the next page starts, or `undefined` when this page was the last. Never relies on
   * `total` alone: Miro leaves it out of many answers.
   */
  next(answer: PageAnswer, position: PagePosition | undefined, pageSize: number | undefined): PagePosition | undefined;
}

/** Cursor paging: the answer's `cursor` leads on; a missing cursor or an empty page ends the list. */
const cursorStyle: PagingStyle = {
  positionQuery: (position): Record<string, string> => (position ? { cursor: (position as CursorPosition).cursor } : {}),
  next: (answer) => (answer.items.length > 0 && answer.cursor !== undefined ? { cursor: answer.cursor } : undefined),
};

/**
 * Ends the list when the page is empty, when it is short of the size the server applied (its
 * own `limit` when it reports one, else the size asked for), or when `total` is reached.
 */
function endOfRange(answer: PageAnswer, before: number, pageSize: number | undefined): boolean {
  const count = answer.items.length;
  if (count === 0) return true;
  const applied = answer.limit ?? pageSize;
  if (applied !== undefined && count < applied) return true;
  return answer.total !== undefined && before + count >= answer.total;
}

/** Offset paging (`offset` + `limit`): 0-based. */
const offsetStyle: PagingStyle = {
  positionQuery: (position) => ({ offset: position ? (position as OffsetPosition).offset : 0 }),
  next: (answer, position, pageSize) => {
    const offset = position ? (position as OffsetPosition).offset : 0;
    return endOfRange(answer, offset, pageSize) ? undefined : { offset: offset + answer.items.length };
  },
};

/** SCIM paging (`startIndex` + `count`, RFC 7644): 1-based. */
const scimStyle: PagingStyle = {
  positionQuery: (position) => ({ startIndex: position ? (position as ScimPosition).startIndex : 1 }),
  next: (answer, position, pageSize) => {
    const startIndex = position ? (position as ScimPosition).startIndex : 1;
    return endOfRange(answer, startIndex - 1, pageSize) ? undefined : { startIndex: startIndex + answer.items.length };
  },
};

const STYLES: Record<Exclude<PaginationStyle, 'none'>, PagingStyle> = {
  cursor: cursorStyle,
  offset: offsetStyle,
  scim: scimStyle,
};

/** The paging style of a paged operation. */
export function pagingStyle(style: Exclude<PaginationStyle, 'none'>): PagingStyle {
  return STYLES[style];
}
