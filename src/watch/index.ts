// Public exports of src/watch/ (live boards).
export type { BoardChange, BoardItemChange, BoardSnapshot, WatchedItem } from './board-change.js';
export type { WatchBoardOptions, WatchedItemType } from './watch-board-options.js';
export { DEFAULT_MAX_BUDGET_SHARE, DEFAULT_WATCH_INTERVAL_MS } from './watch-board-options.js';
export { MiroBoardWatchError, type BoardWatchEndReason } from './board-watch-error.js';
