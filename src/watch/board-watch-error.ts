import { MiroApiError, MiroError, MiroValidationError } from '../errors/miro-errors.js';
import { MiroPaginationError } from '../pagination/pagination-error.js';

/** Why a watch ended: the board is gone (404) or the token may no longer read it (401/403). */
export type BoardWatchEndReason = 'board-gone' | 'access-revoked';

/**
 * Ends a `watchBoard` stream when polling again could never succeed. The answer that showed it
 * is in `cause`; other failures are retried on the next tick instead.
 */
export class MiroBoardWatchError extends MiroError {
  override name = 'MiroBoardWatchError';
  override readonly cause: MiroApiError;

  constructor(
    readonly boardId: string,
    readonly reason: BoardWatchEndReason,
    cause: MiroApiError,
  ) {
    super(
      `watch of board ${boardId} ended: ${reason === 'board-gone' ? 'the board (or frame) no longer exists' : 'access to the board was revoked'} (${cause.status})`,
      cause,
    );
    this.cause = cause;
  }
}

/** The error a failed read ends the watch with, or undefined when the next tick should retry. */
export function endOfWatch(boardId: string, error: unknown): Error | undefined {
  const failure = error instanceof MiroPaginationError ? error.cause : error;
  if (failure instanceof MiroApiError) {
    if (failure.status === 404) return new MiroBoardWatchError(boardId, 'board-gone', failure);
    if (failure.status === 401 || failure.status === 403) return new MiroBoardWatchError(boardId, 'access-revoked', failure);
    // Other 4xx (a malformed id or filter) cannot heal by waiting; 408/409/425/429 can.
    if (failure.status >= 400 && failure.status < 500 && ![408, 409, 425, 429].includes(failure.status)) return failure;
    return undefined;
  }
  if (failure instanceof MiroValidationError) return failure;
  return undefined;
}
