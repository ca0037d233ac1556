import type { Operation } from '../http/operation.js';

/** The query parameter that sets the page size: `count` for SCIM, `limit` elsewhere. */
export function pageSizeParameter(operation: Operation): 'limit' | 'count' {
  return operation.pagination === 'scim' ? 'count' : 'limit';
}

/**
 * The page size a read asks for: the caller's, else the largest the operation allows, since a
 * page costs the same credits whatever its size. `undefined` when nothing is known (then the
 * server's default applies). The caller's value is range-checked by the operation's validator.
 */
export function pageSizeOf(operation: Operation, query: Record<string, unknown> | undefined): number | undefined {
  const asked = query?.[pageSizeParameter(operation)];
  if (asked !== undefined && asked !== null && asked !== '') {
    const size = Number(asked);
    // Leave the rejection to the operation's validator, which names the field and its range.
    return Number.isFinite(size) ? size : undefined;
  }
  // Sizes Miro states only in prose (SCIM, audit logs) are in the table too: see the generator's facts.
  return operation.pageSize?.max ?? operation.pageSize?.default;
}
