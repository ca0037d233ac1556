/**
 * Reads a paged answer, whatever its shape. Miro's paged answers differ: most put the items in
 * `data`, SCIM in `Resources`, one (items of a group) nests them in `data.data`, and an
 * organisation-members search by email answers with a bare array. Normalised here, once.
 */
export interface PageAnswer {
  items: readonly unknown[];
  /** Non-empty cursor of the next page, when the answer has one. */
  cursor?: string;
  /** Reported size of the whole list (`total`, or SCIM `totalResults`), when present and numeric. */
  total?: number;
  /** Page size the server says it applied (`limit`). */
  limit?: number;
}

/** Thrown when an answer has no list of items at all: paging on would lose data silently. */
export class PageShapeError extends Error {
  override name = 'PageShapeError';
}

export function readPageAnswer(body: unknown): PageAnswer {
  if (Array.isArray(body)) return { items: body };
  if (typeof body !== 'object' || body === null) throw new PageShapeError(`expected a page object, got ${describe(body)}`);
  const page = body as Record<string, unknown>;
  const items = itemsOf(page);
  if (!items) throw new PageShapeError(`expected a page with a \`data\` or \`Resources\` array, got keys [${Object.keys(page).join(', ')}]`);
  return {
    items,
    cursor: typeof page.cursor === 'string' && page.cursor !== '' ? page.cursor : undefined,
    total: numberOf(page.total) ?? numberOf(page.totalResults),
    // SCIM's itemsPerPage is the size of this page, not the size asked for, so only `limit` counts.
    limit: numberOf(page.limit),
  };
}

function itemsOf(page: Record<string, unknown>): readonly unknown[] | undefined {
  if (Array.isArray(page.data)) return page.data;
  if (Array.isArray(page.Resources)) return page.Resources;
  const nested = page.data as Record<string, unknown> | undefined;
  if (typeof nested === 'object' && nested !== null && Array.isArray(nested.data)) return nested.data;
  // A page with nothing in it may leave the list out altogether (SCIM does, for zero results).
  if (page.data === undefined && page.Resources === undefined && (numberOf(page.totalResults) === 0 || numberOf(page.size) === 0)) return [];
  return undefined;
}

function numberOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

function describe(value: unknown): string {
  return value === null ? 'null' : value === undefined ? 'no body' : typeof value;
}
