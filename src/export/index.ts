// Public exports of src/export/ (board export jobs).
export { exportBoards } from './export-boards.js';
export type { BoardExportEvent, ExportBoardEvent, ExportJobCreatedEvent, ExportStatusEvent } from './export-event.js';
export { type ExportBoardsOptions, MAX_BOARDS_PER_EXPORT_JOB, DEFAULT_EXPORT_BUDGET_SHARE } from './export-boards-options.js';
export { MiroExportTimeoutError } from '../errors/export-errors.js';
