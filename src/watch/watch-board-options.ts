import type { GetItemsQuery } from '../generated/types.js';
import { getItemsOperation } from '../generated/operations/get-items.js';
import { invalidArguments } from '../errors/call-errors.js';
import type { ValidationIssue } from '../errors/miro-errors.js';

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

/**
 * Applies defaults; throws a `MiroValidationError` naming every bad option, and the operation
 * the watch reads with (get-items), its method and path.
 */
export function watchSettings(boardId: unknown, options: WatchBoardOptions = {}): WatchSettings {
  const given: WatchBoardOptions = typeof options === 'object' && options !== null ? options : {};
  const intervalMs = given.intervalMs ?? DEFAULT_WATCH_INTERVAL_MS;
  const share = given.maxBudgetShare ?? DEFAULT_MAX_BUDGET_SHARE;
  const types = given.types ?? [];
  const issues: ValidationIssue[] = [];
  if (typeof boardId !== 'string' || boardId === '') issues.push({ field: 'boardId', message: 'must be a non-empty string' });
  if (options === null || typeof options !== 'object') issues.push({ field: 'options', message: 'must be an object' });
  if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < 0) {
    issues.push({ field: 'options.intervalMs', message: `must be a finite number of 0 or more, got ${String(given.intervalMs)}` });
  }
  if (typeof share !== 'number' || !(share > 0 && share <= 1)) {
    issues.push({ field: 'options.maxBudgetShare', message: `must be above 0 and at most 1, got ${String(given.maxBudgetShare)}` });
  }
  if (!Array.isArray(types) || types.some((type) => typeof type !== 'string' || type === '')) {
    issues.push({ field: 'options.types', message: 'must be an array of item type names' });
  }
  if (given.parentItemId !== undefined && (typeof given.parentItemId !== 'string' || given.parentItemId === '')) {
    issues.push({ field: 'options.parentItemId', message: 'must be a non-empty string' });
  }
  if (issues.length) throw invalidArguments(getItemsOperation, issues);
  return {
    intervalMs,
    skipSnapshot: given.skipSnapshot === true,
    types: [...new Set(types)].sort(),
    parentItemId: given.parentItemId,
    maxBudgetShare: share,
  };
}

/** Subscribers whose watches have the same key share one poller. */
export function watchKey(boardId: string, settings: WatchSettings): string {
  return JSON.stringify([boardId, settings.types, settings.parentItemId ?? null, settings.intervalMs, settings.maxBudgetShare]);
}
