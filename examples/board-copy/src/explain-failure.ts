import { MiroApiError, MiroNetworkError, MiroPaginationError, MiroValidationError } from '../../../src/index.js';

/** A failure that ends the run, already phrased for the person who started it. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/**
 * One line saying what went wrong and what to check, for errors that stop the whole run.
 * `board` names the board the failing call was about, when there was one.
 */
export function explainFailure(failure: unknown, board?: { id: string; role: 'source' | 'target' }): string {
  if (failure instanceof MigrationError) return failure.message;
  // A paged read wraps the failing page's error with where to resume; the journal resumes instead.
  const error = failure instanceof MiroPaginationError ? failure.cause : failure;
  const which = board ? `${board.role} board ${board.id}` : 'the board';
  if (error instanceof MiroApiError) {
    if (error.status === 401) return 'Miro refused the access token (401 Unauthorized): check MIRO_ACCESS_TOKEN';
    if (error.status === 403)
      return `the token's user may not access the ${which} (403 Forbidden): check the token's scopes (boards:read, boards:write) and board sharing`;
    if (error.status === 404) return `the ${which} was not found (404): check the id (the part after /board/ in its URL)`;
    if (error.status === 429) return `Miro's credit budget is spent and retries gave up (429): wait a minute and run again; the journal keeps what was done`;
    return `Miro answered ${error.status}${error.code ? ` ${error.code}` : ''} on ${error.operationId ?? 'a call'}: ${error.message}`;
  }
  if (error instanceof MiroNetworkError) return `could not reach Miro (${error.code ?? 'network error'}): ${error.message}; run again to resume`;
  if (error instanceof MiroValidationError) return `invalid input: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * True for failures after which Miro may or may not have acted (network, 5xx, an answer that
 * is not JSON): the item is uncertain until a reconciling pass looks for it on the target.
 */
export function isAmbiguousFailure(error: unknown): boolean {
  return error instanceof MiroNetworkError || (error instanceof MiroApiError && (error.status >= 500 || error.code === 'invalidResponseBody'));
}

/** True for failures worth another try later in the run: ambiguous ones, and 429 after the library's retries. */
export function isTransientFailure(error: unknown): boolean {
  return isAmbiguousFailure(error) || (error instanceof MiroApiError && error.status === 429);
}
