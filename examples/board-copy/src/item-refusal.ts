import { MiroApiError } from '../../../src/index.js';

/**
 * True when Miro refused one thing for what it is (400, 409, 413, 422): the run records it as
 * failed and goes on. Anything else (401, 403, 404 of a board, 5xx after retries, network)
 * concerns the whole run and stops it.
 */
export function isItemRefusal(error: unknown): boolean {
  return error instanceof MiroApiError && [400, 409, 413, 422].includes(error.status);
}
