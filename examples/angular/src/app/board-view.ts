import {
  type Observable,
  type OperatorFunction,
  catchError,
  concat,
  connect,
  defer,
  last,
  map,
  merge,
  of,
  scan,
  startWith,
  switchMap,
  timer,
} from 'rxjs';
import type { GenericItem } from 'miro-rx';
import { type BoardProblem, describeProblem } from './board-problem';
import { colorOf } from './item-colors';

/** One item as the page draws it. */
export interface ItemView {
  id: string;
  type: string;
  /** Text of the item (content or title) without markup; empty when it has none. */
  label: string;
  /** Fill colour: a CSS colour, or empty for the type's default. */
  color: string;
  /** For shapes: Miro's shape name (`circle`, `triangle`...). */
  shape: string;
}

export interface TypeCount {
  type: string;
  count: number;
}

/** What the board component renders: items read so far, their counts by type, and the status. */
export interface BoardView {
  status: 'loading' | 'loaded' | 'error';
  items: readonly ItemView[];
  /** Most frequent type first, then by name. */
  counts: readonly TypeCount[];
  /** Set when `status` is `error`: what went wrong, in words, and what to do next. */
  problem?: BoardProblem;
}

export interface Tally {
  items: readonly ItemView[];
  counts: ReadonlyMap<string, number>;
}

const EMPTY_TALLY: Tally = { items: [], counts: new Map() };

/** How long the page waits before reading again when Miro could not be reached. */
export const RETRY_AFTER_MS = 5_000;

/**
 * A board read as views: one `loading` view after every item (the list fills in while later
 * pages are on their way), one `loaded` view at the end, or an `error` view that says what went
 * wrong. When Miro cannot be reached, the read starts again after `RETRY_AFTER_MS`.
 */
export function boardView$(
  read: () => Observable<GenericItem>,
  retryAfterMs = RETRY_AFTER_MS,
): Observable<BoardView> {
  return defer(read).pipe(
    toBoardView(),
    catchError((error: unknown) => {
      const problem = describeProblem(error);
      const shown = of<BoardView>({ status: 'error', items: [], counts: [], problem });
      return problem.retrying
        ? concat(shown, timer(retryAfterMs).pipe(switchMap(() => boardView$(read, retryAfterMs))))
        : shown;
    }),
  );
}

function toBoardView(): OperatorFunction<GenericItem, BoardView> {
  return (items$) =>
    items$.pipe(
      map(toItemView),
      scan(addToTally, EMPTY_TALLY),
      startWith(EMPTY_TALLY),
      // Two readers of one subscription: progress for every tally, and the final one.
      connect((tally$) =>
        merge(
          tally$.pipe(map((tally) => viewOf('loading', tally))),
          tally$.pipe(
            last(),
            map((tally) => viewOf('loaded', tally)),
          ),
        ),
      ),
    );
}

/** Keeps the items of one type, or all of them when `type` is empty. */
export function itemsOfType(type: string): (view: BoardView) => readonly ItemView[] {
  return (view) => (type ? view.items.filter((item) => item.type === type) : view.items);
}

export function toItemView(item: GenericItem): ItemView {
  const data = (item.data ?? {}) as { content?: unknown; title?: unknown; shape?: unknown };
  // Items read in bulk carry their style too, though the generated type leaves it out.
  const style = ((item as { style?: unknown }).style ?? {}) as { fillColor?: unknown };
  const text =
    typeof data.content === 'string'
      ? data.content
      : typeof data.title === 'string'
        ? data.title
        : '';
  return {
    id: item.id,
    type: item.type,
    label: stripMarkup(text),
    color: colorOf(item.type, style.fillColor),
    shape: typeof data.shape === 'string' ? data.shape : '',
  };
}

// A fresh tally per item keeps every emitted view immutable; copying is quadratic, which stays
// cheap for boards of thousands of items.
function addToTally(tally: Tally, item: ItemView): Tally {
  const counts = new Map(tally.counts);
  counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
  return { items: [...tally.items, item], counts };
}

export function viewOf(status: BoardView['status'], tally: Tally): BoardView {
  const counts = [...tally.counts]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  return { status, items: tally.items, counts };
}

// Miro keeps rich text as HTML (`<p>Hello</p>`); the page shows it as plain text.
function stripMarkup(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
