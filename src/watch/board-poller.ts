import { catchError, defer, EMPTY, map, of, repeat, tap, throwError, timer, type Observable } from 'rxjs';
import { getItems } from '../generated/operations.js';
import type { BoardItemChange, WatchedItem } from './board-change.js';
import { endOfWatch } from './board-watch-error.js';
import { diffBoardItems } from './diff-board-items.js';
import { readBoardItems, type BoardItemsReader } from './read-board-items.js';
import type { WatchSettings } from './watch-board-options.js';
import { WatchPacing, type BudgetView } from './watch-pacing.js';
import { tracedWork$ } from '../telemetry/traced-work.js';

/** The outcome of one complete read: every watched item, and what changed since the last one. */
export interface BoardPoll {
  readonly items: ReadonlyMap<string, WatchedItem>;
  /** Empty for the first read (there is nothing to compare with). */
  readonly changes: readonly BoardItemChange[];
}

/**
 * Reads the watched items again and again, one read at a time (the next waits for the last
 * to end and for the pacing), emitting one `BoardPoll` per complete read. A read that fails
 * for a passing reason is dropped and tried again on the next tick, so a half or failed read
 * never looks like removals; a board that is gone or no longer readable ends it with an error.
 * Unsubscribing aborts the read in flight.
 */
export function boardPolls$(api: BoardItemsReader, boardId: string, settings: WatchSettings, budget: () => BudgetView): Observable<BoardPoll> {
  return defer(() => {
    const pacing = new WatchPacing(settings, budget);
    let known: ReadonlyMap<string, WatchedItem> | undefined;
    let lastStartedAt = 0;
    const poll$ = defer(() => {
      const startedAt = (lastStartedAt = Date.now());
      let pages = 0;
      // Recorded before `repeat` asks for the delay; a failed read is charged its failed page too.
      const page = () => {
        pages++;
        pacing.spent(Date.now(), getItems.creditCost);
      };
      const { telemetry } = api;
      // One trace per poll (when telemetry records), its paged reads beneath it: a watch outlives
      // whatever subscribed to it, so its polls are not that request's children.
      const start = telemetry && (() => telemetry.work('watch-board poll', getItems.operationId, true));
      return tracedWork$(start, (inside) => readBoardItems(api, boardId, settings, page, inside)).pipe(
        tap({
          complete: () => pacing.record(startedAt, pages * getItems.creditCost),
          error: () => {
            page();
            pacing.record(startedAt, pages * getItems.creditCost);
          },
        }),
        map((items): BoardPoll => {
          const changes = known ? diffBoardItems(known, items) : [];
          known = items;
          return { items, changes };
        }),
        catchError((error: unknown) => {
          const end = endOfWatch(boardId, error);
          return end ? throwError(() => end) : EMPTY;
        }),
      );
    });
    return poll$.pipe(
      repeat({
        delay: () => {
          const now = Date.now();
          const ms = pacing.delayMs(now);
          // A read already due starts now, unless the last one ended in the very millisecond it
          // began (a failure before any I/O): then a timer tick keeps the loop asynchronous.
          if (ms > 0 || now === lastStartedAt) return timer(Math.max(ms, 1));
          return of(0);
        },
      }),
    );
  });
}
