import { MiroError } from '../errors/miro-errors.js';
import type { Operation } from '../http/operation.js';
import type { PagePosition } from './page-position.js';

/** How far a paged read got before it failed. */
export interface PaginationProgress {
  /** Where the failed page starts: pass it as `from` to go on (`undefined`: from the start). */
  resumeFrom: PagePosition | undefined;
  /** Pages fully read and emitted before the failure. */
  pagesRead: number;
  /** Items emitted before the failure (all from whole pages). */
  itemsRead: number;
}

/**
 * A paged read stopped part-way. Every item before `resumeFrom` was emitted, none after it, so
 * a new read `from: error.resumeFrom` continues without gaps or repeats. The underlying error
 * (a {@link MiroApiError}, {@link MiroNetworkError}, ...) is in `cause`.
 *
 * @example
 * ```ts
 * api.getAllItems(boardId).pipe(
 *   catchError((error) =>
 *     error instanceof MiroPaginationError ? api.getAllItems(boardId, {}, { from: error.resumeFrom }) : throwError(() => error),
 *   ),
 * );
 * ```
 */
export class MiroPaginationError extends MiroError implements PaginationProgress {
  override name = 'MiroPaginationError';
  readonly resumeFrom: PagePosition | undefined;
  readonly pagesRead: number;
  readonly itemsRead: number;
  override readonly cause: unknown;

  constructor(operation: Operation, progress: PaginationProgress, cause: unknown, reason?: string) {
    const why = reason ?? (cause instanceof Error ? cause.message : String(cause));
    const request = cause instanceof MiroError && cause.path ? cause : { path: operation.path };
    super(`paged read stopped after ${progress.pagesRead} page(s), ${progress.itemsRead} item(s): ${why}`, {
      operationId: operation.operationId,
      method: operation.method,
      path: request.path,
    });
    this.resumeFrom = progress.resumeFrom;
    this.pagesRead = progress.pagesRead;
    this.itemsRead = progress.itemsRead;
    this.cause = cause;
    if (cause instanceof MiroError) this.attempts = cause.attempts;
  }
}
