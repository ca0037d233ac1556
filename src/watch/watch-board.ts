import { defer, EMPTY, finalize, from, mergeMap, of, ReplaySubject, share, type Observable } from 'rxjs';
import type { BoardChange } from './board-change.js';
import { boardPolls$, type BoardPoll } from './board-poller.js';
import type { BoardItemsReader } from './read-board-items.js';
import { watchKey, watchSettings, type WatchBoardOptions } from './watch-board-options.js';
import type { BudgetView } from './watch-pacing.js';
import { budgetOf, creditPlanOf, type MiroClient, telemetryOf } from '../client/miro-client.js';
import { getAllItemsPages, getItemsOperation } from '../generated/operations/get-items.js';
import { getAllItemsWithinFramePages } from '../generated/operations/get-items-within-frame.js';
import { budgetView } from './budget-view.js';
import { invalidArguments, miroApiGivenAsClient } from '../errors/call-errors.js';

// Pollers in use, per budget (per client without a limiter), by board and filter: subscribers
// with the same key share one, so clients spending one budget poll a board once, not once each.
const pollers = new Map<unknown, Map<string, Observable<BoardPoll>>>();
// One reader and budget view per client, so that its watches share pollers.
const watchers = new WeakMap<MiroClient, { reader: BoardItemsReader; budget: () => BudgetView; sharedBy: unknown }>();

/**
 * A board as a stream of changes: a snapshot of the watched items first (unless
 * `skipSnapshot`), then one `added`, `updated` or `removed` per item that changed between two
 * reads. Cold: nothing is read until subscription. Subscribers of the same budget (every
 * client spending it), board and options share one poller, and a late one starts from a snapshot of the poller's last read;
 * the last unsubscribe stops the poller and aborts its read in flight.
 *
 * @example
 * ```ts
 * import { watchBoard } from 'miro-rx/operations';
 * watchBoard(client, boardId, { types: ['sticky_note'] }).subscribe((change) => {
 *   if (change.kind === 'snapshot') render(change.items);
 *   else console.log(change.kind, change.item.id);
 * });
 * ```
 */
export function watchBoard(client: MiroClient, boardId: string, options?: WatchBoardOptions): Observable<BoardChange> {
  return defer(() => {
    if (typeof client === 'object' && client !== null && 'client' in client) {
      throw miroApiGivenAsClient({ ...getItemsOperation, methodName: 'watchBoard' });
    }
    if (typeof (client as { send?: unknown } | null)?.send !== 'function') {
      throw invalidArguments(getItemsOperation, [{ field: 'client', message: 'must be a MiroClient' }]);
    }
    let watcher = watchers.get(client);
    if (!watcher) {
      const plan = creditPlanOf(client);
      const reader: BoardItemsReader = {
        getAllItemsPages: (id, query) => getAllItemsPages(client, id, query),
        getAllItemsWithinFramePages: (id, query) => getAllItemsWithinFramePages(client, id, query),
        telemetry: telemetryOf(client),
      } as BoardItemsReader;
      const budget = budgetOf(client);
      watchers.set(client, (watcher = { reader, budget: budgetView(() => budget?.snapshot(), plan.budget, plan.windowMs), sharedBy: budget?.key ?? reader }));
    }
    return watchBoardWith(watcher.reader, watcher.budget, boardId, options, watcher.sharedBy);
  });
}

/** `watchBoard` on any reader and budget view (tests give their own). */
export function watchBoardWith(
  api: BoardItemsReader,
  budget: () => BudgetView,
  boardId: string,
  options?: WatchBoardOptions,
  sharedBy: unknown = api,
): Observable<BoardChange> {
  return defer(() => {
    const settings = watchSettings(boardId, options);
    const polls$ = sharedPolls(api, sharedBy, budget, boardId, settings);
    let first = true;
    return polls$.pipe(
      mergeMap((poll): Observable<BoardChange> => {
        if (!first) return from(poll.changes);
        // The first poll a subscriber sees is its starting point: its changes are in the snapshot.
        first = false;
        return settings.skipSnapshot ? EMPTY : of({ kind: 'snapshot', items: [...poll.items.values()] });
      }),
    );
  });
}

function sharedPolls(
  api: BoardItemsReader,
  sharedBy: unknown,
  budget: () => BudgetView,
  boardId: string,
  settings: ReturnType<typeof watchSettings>,
): Observable<BoardPoll> {
  let byKey = pollers.get(sharedBy);
  if (!byKey) pollers.set(sharedBy, (byKey = new Map()));
  const key = watchKey(boardId, settings);
  const existing = byKey.get(key);
  if (existing) return existing;
  const registry = byKey;
  const shared$: Observable<BoardPoll> = boardPolls$(api, boardId, settings, budget).pipe(
    // Runs when the last subscriber leaves or the watch ends: the next subscriber starts afresh.
    finalize(() => {
      if (registry.get(key) === shared$) registry.delete(key);
      if (registry.size === 0 && pollers.get(sharedBy) === registry) pollers.delete(sharedBy);
    }),
    share({ connector: () => new ReplaySubject<BoardPoll>(1), resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true }),
  );
  registry.set(key, shared$);
  return shared$;
}
