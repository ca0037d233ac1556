import { MiroApiError, MiroError } from '../errors/miro-errors.js';
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
 * A paged read stopped part-way, after at least one page. Every item before `resumeFrom` was
 * emitted, none after it, so a new read `from: error.resumeFrom` continues without gaps or
 * repeats. The underlying error (a {@link MiroApiError}, {@link MiroNetworkError}, ...) is in
 * `cause`, and its HTTP status in `status`. A read whose first page fails has nothing to resume:
 * it fails with that page's own error (a `MiroApiError` for a 404), not with this one.
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
  /** The HTTP status of the failed page when Miro answered (`cause` is a `MiroApiError`). */
  readonly status?: number;
  override readonly cause: unknown;

  constructor(operation: Operation, progress: PaginationProgress, cause: unknown, reason?: string) {
    const why = reason ?? withoutRoute(cause);
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
    if (cause instanceof MiroApiError) this.status = cause.status;
    if (cause instanceof MiroError) this.attempts = cause.attempts;
  }
}

/** The cause's message without the `(operation: METHOD path)` it ends with: this error names the route once. */
function withoutRoute(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  if (!(cause instanceof MiroError) || !cause.operationId) return cause.message;
  const route = ` (${cause.operationId}: ${cause.method} ${cause.path})`;
  return cause.message.endsWith(route) ? cause.message.slice(0, -route.length) : cause.message;
}
