import type { Operation } from '../http/operation.js';

/**
 * Page sizes for operations whose document states no machine-readable maximum. They come from
 * the operations' prose, so they are written here by hand rather than generated:
 * - SCIM `listUsers` / `listGroups`: `count` defaults to 100 and may go up to 1,000; SCIM calls
 *   cost no credits, so the largest page means the fewest round trips.
 * - `enterprise-get-audit-logs`: `limit` defaults to 100; no maximum is stated, so 100.
 * `get-mindmap-nodes-experimental` states nothing at all: no size is sent and Miro's default applies.
 */
const STATED_IN_PROSE: Readonly<Record<string, number>> = {
  listUsers: 1000,
  listGroups: 1000,
  'enterprise-get-audit-logs': 100,
};

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
  return operation.pageSize?.max ?? STATED_IN_PROSE[operation.operationId] ?? operation.pageSize?.default;
}
