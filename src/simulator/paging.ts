import type { PageSize } from '../http/operation.js';
import type { Sequenced } from './board-store.js';
import { invalidParameters } from './miro-errors.js';

/** Reads `limit` (a number or numeric string) and checks it against the operation's range. */
export function pageLimit(query: URLSearchParams, size: PageSize | undefined, fallback: number): number {
  const raw = query.get('limit');
  const min = size?.min ?? 1;
  const max = size?.max ?? 50;
  if (raw === null || raw === '') return size?.default ?? fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < min || limit > max) {
    throw invalidParameters(`limit must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`, 'limit');
  }
  return limit;
}

/** A page in Miro's cursor shape: `{ data, total, size, cursor?, limit, links }`; no cursor on the last page. */
export interface CursorPage {
  data: unknown[];
  total: number;
  size: number;
  cursor?: string;
  limit: number;
  links: { self: string; next?: string };
}

/**
 * Pages entries in creation order. The cursor names the sequence number of the next entry, so
 * deleting or adding items between pages neither repeats nor skips the ones that remain.
 */
export function cursorPage<T>(
  entries: Iterable<Sequenced<T>> | readonly Sequenced<T>[],
  query: URLSearchParams,
  size: PageSize | undefined,
  selfUrl: string,
  present: (value: T) => unknown,
): CursorPage {
  const limit = pageLimit(query, size, 10);
  const from = decodeCursor(query.get('cursor'));
  const all = Array.isArray(entries) ? (entries as readonly Sequenced<T>[]) : [...entries];
  const start = firstAtOrAfter(all, from);
  const page = all.slice(start, start + limit);
  const following = all[start + limit];
  const result: CursorPage = {
    data: page.map((entry) => present(entry.value)),
    total: all.length,
    size: page.length,
    limit,
    links: { self: selfUrl },
  };
  if (following) {
    result.cursor = Buffer.from(`${following.seq}~`).toString('base64');
    result.links.next = withQuery(selfUrl, { cursor: result.cursor, limit: String(limit) });
  }
  return result;
}

/** Index of the first entry whose sequence number is at least `seq` (entries are in sequence order). */
function firstAtOrAfter(entries: readonly Sequenced<unknown>[], seq: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (entries[middle]!.seq < seq) low = middle + 1;
    else high = middle;
  }
  return low;
}

function decodeCursor(cursor: string | null): number {
  if (cursor === null || cursor === '') return 0;
  const match = /^(\d+)~$/.exec(Buffer.from(cursor, 'base64').toString('latin1'));
  if (!match) throw invalidParameters(`cursor ${JSON.stringify(cursor)} is not a cursor this API issued`, 'cursor');
  return Number(match[1]);
}

/** A page in Miro's offset shape: `{ data, total, size, offset, limit, links, type }`. */
export function offsetPage<T>(
  all: readonly T[],
  query: URLSearchParams,
  size: PageSize | undefined,
  selfUrl: string,
  present: (value: T) => unknown,
): Record<string, unknown> {
  const limit = pageLimit(query, size, 20);
  const rawOffset = query.get('offset');
  const offset = rawOffset === null || rawOffset === '' ? 0 : Number(rawOffset);
  if (!Number.isInteger(offset) || offset < 0) throw invalidParameters(`offset must be a non-negative integer, got ${JSON.stringify(rawOffset)}`, 'offset');
  const page = all.slice(offset, offset + limit);
  const lastOffset = all.length === 0 ? 0 : Math.floor((all.length - 1) / limit) * limit;
  const links: Record<string, string> = {
    self: selfUrl,
    first: withQuery(selfUrl, { offset: '0', limit: String(limit) }),
    last: withQuery(selfUrl, { offset: String(lastOffset), limit: String(limit) }),
  };
  if (offset + limit < all.length) links.next = withQuery(selfUrl, { offset: String(offset + limit), limit: String(limit) });
  if (offset > 0) links.prev = withQuery(selfUrl, { offset: String(Math.max(0, offset - limit)), limit: String(limit) });
  return { data: page.map(present), total: all.length, size: page.length, offset, limit, links, type: 'list' };
}

function withQuery(url: string, values: Record<string, string>): string {
  const parsed = new URL(url);
  for (const [key, value] of Object.entries(values)) parsed.searchParams.set(key, value);
  return parsed.toString();
}
