import {
  type OperatorFunction,
  catchError,
  connect,
  last,
  map,
  merge,
  of,
  scan,
  startWith,
} from 'rxjs';
import { MiroApiError, MiroError, type GenericItem } from 'miro-rx';

/** One row of the item list. */
export interface ItemView {
  id: string;
  type: string;
  /** Text of the item (content or title) without markup; empty when it has none. */
  label: string;
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
  /** Set when `status` is `error`. */
  error?: string;
}

export interface Tally {
  items: readonly ItemView[];
  counts: ReadonlyMap<string, number>;
}

const EMPTY_TALLY: Tally = { items: [], counts: new Map() };

/**
 * Turns a stream of Miro items into views: one `loading` view after every item (so the list
 * fills in while later pages are still on their way), one `loaded` view at the end, or an
 * `error` view if the read fails.
 */
export function toBoardView(): OperatorFunction<GenericItem, BoardView> {
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
      catchError((error: unknown) =>
        of<BoardView>({ status: 'error', items: [], counts: [], error: describeError(error) }),
      ),
    );
}

/** Keeps the items of one type, or all of them when `type` is empty. */
export function itemsOfType(type: string): (view: BoardView) => readonly ItemView[] {
  return (view) => (type ? view.items.filter((item) => item.type === type) : view.items);
}

export function toItemView(item: GenericItem): ItemView {
  const data = (item.data ?? {}) as { content?: unknown; title?: unknown };
  const text =
    typeof data.content === 'string'
      ? data.content
      : typeof data.title === 'string'
        ? data.title
        : '';
  return { id: item.id, type: item.type, label: stripMarkup(text) };
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

// Miro keeps rich text as HTML (`<p>Hello</p>`); the list shows it as plain text.
function stripMarkup(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A message for the page: Miro's status and reason, never the token (miro-rx errors never carry it). */
export function describeError(error: unknown): string {
  if (error instanceof MiroApiError) return `Miro answered ${error.message}`;
  if (error instanceof MiroError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
