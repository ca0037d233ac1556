// Public exports of src/pagination/: streaming reads of Miro's paged lists.
export type { MiroPage, PageItem } from './miro-page.js';
export type { CursorPosition, OffsetPosition, PagePosition, ScimPosition } from './page-position.js';
export type { PaginationOptions } from './pagination-options.js';
export { MiroPaginationError, type PaginationProgress } from './pagination-error.js';
export { paginateItems, paginatePages, type PageFetch } from './paginate.js';
export { processWithReadAhead } from './process-with-read-ahead.js';
export { paginatorTable, type PaginatorEntry } from '../generated/paginator-table.js';
