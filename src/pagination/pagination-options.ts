import type { Observable } from 'rxjs';
import type { CallOptions } from '../http/call-options.js';
import type { PagePosition } from './page-position.js';

/**
 * Options of a paged read (`getAll...` and `getAll...Pages`). The page size is set in the query
 * (`limit`, or `count` for SCIM); by default the largest page the operation allows is asked for.
 *
 * @example
 * ```ts
 * // Go on from a position saved earlier (a page's `next`, or an error's `resumeFrom`).
 * api.getAllItems(boardId, { type: 'sticky_note' }, { from: { cursor: savedCursor } });
 * ```
 */
export interface PaginationOptions extends Pick<CallOptions, 'signal' | 'headers' | 'timeoutMs'> {
  /** Start here instead of at the beginning: `{ cursor }`, `{ offset }` or `{ startIndex }`, per the operation's style. */
  from?: PagePosition;
  /**
   * At most this many pages fetched ahead of what the consumer has processed (a request in
   * flight counts). Needs `processed$`. Without it, each next page is requested as soon as the
   * page before has been emitted, however far behind the consumer is.
   */
  readAhead?: number;
  /**
   * Emits once per unit the consumer has finished with: per item for `getAll...`, per page for
   * `getAll...Pages`. {@link processWithReadAhead} wires it for you.
   */
  processed$?: Observable<unknown>;
}
