import type { GetItemsQuery } from '../generated/types.js';

/** An item type the board's item list can be filtered by. */
export type WatchedItemType = NonNullable<GetItemsQuery['type']>;

/**
 * Options of `watchBoard`.
 *
 * @example
 * ```ts
 * api.watchBoard(boardId, { types: ['sticky_note', 'card'], intervalMs: 10_000, maxBudgetShare: 0.1 });
 * ```
 */
export interface WatchBoardOptions {
  /** Shortest time from the start of one read to the start of the next, in ms. Default 5,000. */
  intervalMs?: number;
  /** Emit changes only, without the first snapshot of the board's items. */
  skipSnapshot?: boolean;
  /** Watch only these item types (one paged read per type). Default: every item. */
  types?: readonly WatchedItemType[];
  /** Watch only the items inside this frame. */
  parentItemId?: string;
  /**
   * Largest fraction of the credit budget (per window) the watch may spend, above 0 and at
   * most 1. Default 0.25. The watch also never takes more than this fraction of the credits
   * still left in the current window.
   */
  maxBudgetShare?: number;
}

export const DEFAULT_WATCH_INTERVAL_MS = 5_000;
export const DEFAULT_MAX_BUDGET_SHARE = 0.25;

/** Options after defaults and checks. */
export interface WatchSettings {
  readonly intervalMs: number;
  readonly skipSnapshot: boolean;
  readonly types: readonly WatchedItemType[];
  readonly parentItemId: string | undefined;
  readonly maxBudgetShare: number;
}

/** Applies defaults; throws a TypeError naming the first bad option. */
export function watchSettings(boardId: unknown, options: WatchBoardOptions = {}): WatchSettings {
  if (typeof boardId !== 'string' || boardId === '') throw new TypeError('watchBoard: boardId must be a non-empty string');
  if (options === null || typeof options !== 'object') throw new TypeError('watchBoard: options must be an object');
  const intervalMs = options.intervalMs ?? DEFAULT_WATCH_INTERVAL_MS;
  if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < 0) {
    throw new TypeError(`watchBoard: intervalMs must be a finite number of 0 or more, got ${String(options.intervalMs)}`);
  }
  const share = options.maxBudgetShare ?? DEFAULT_MAX_BUDGET_SHARE;
  if (typeof share !== 'number' || !(share > 0 && share <= 1)) {
    throw new TypeError(`watchBoard: maxBudgetShare must be above 0 and at most 1, got ${String(options.maxBudgetShare)}`);
  }
  const types = options.types ?? [];
  if (!Array.isArray(types) || types.some((type) => typeof type !== 'string' || type === '')) {
    throw new TypeError('watchBoard: types must be an array of item type names');
  }
  if (options.parentItemId !== undefined && (typeof options.parentItemId !== 'string' || options.parentItemId === '')) {
    throw new TypeError('watchBoard: parentItemId must be a non-empty string');
  }
  return {
    intervalMs,
    skipSnapshot: options.skipSnapshot === true,
    types: [...new Set(types)].sort(),
    parentItemId: options.parentItemId,
    maxBudgetShare: share,
  };
}

/** Subscribers whose watches have the same key share one poller. */
export function watchKey(boardId: string, settings: WatchSettings): string {
  return JSON.stringify([boardId, settings.types, settings.parentItemId ?? null, settings.intervalMs, settings.maxBudgetShare]);
}
