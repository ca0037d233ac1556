import { map, reduce, type Observable } from 'rxjs';
import type { MiroApi } from '../../../src/index.js';

/** What `GET /boards/:id/summary` answers. */
export interface BoardSummary {
  boardId: string;
  /** Items on the board. */
  total: number;
  /** Items by type, e.g. `{ sticky_note: 120, frame: 4 }`. */
  byType: Record<string, number>;
}

/**
 * Counts a board's items by type, reading every page (50 items each) as it comes. Cold: each
 * subscription reads the board afresh; unsubscribing aborts the page in flight and reads no more.
 */
export function boardSummary$(api: MiroApi, boardId: string): Observable<BoardSummary> {
  return api.getAllItems(boardId, { limit: 50 }).pipe(
    reduce(
      (byType, item) => {
        byType[item.type] = (byType[item.type] ?? 0) + 1;
        return byType;
      },
      {} as Record<string, number>,
    ),
    map((byType) => ({ boardId, total: Object.values(byType).reduce((sum, count) => sum + count, 0), byType })),
  );
}
