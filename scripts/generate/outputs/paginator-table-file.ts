/** Emits paginator-table.ts: every paged operation and the names of its two streaming helpers. */
import type { Generation } from '../generation.js';

export function paginatorTableFile(gen: Generation): string {
  const rows = gen.helpers.map(
    ({ op, items, pages }) =>
      `  { operationId: '${op.operationId}', operationMethod: '${op.methodName}', items: '${items}', pages: '${pages}', pagination: '${op.pagination}' },`,
  );
  return [
    gen.header,
    "import type { PaginationStyle } from '../http/operation.js';",
    '',
    '/** A paged operation and the names of its two streaming helpers (`MiroApi` methods and functions). */',
    'export interface PaginatorEntry {',
    '  readonly operationId: string;',
    '  /** The method that fetches a single page. */',
    '  readonly operationMethod: string;',
    '  /** The helper that emits every item. */',
    '  readonly items: string;',
    '  /** The helper that emits every page with its position. */',
    '  readonly pages: string;',
    "  readonly pagination: Exclude<PaginationStyle, 'none'>;",
    '}',
    '',
    `/** Every paged operation (${gen.helpers.length}) and its helpers, in document order. */`,
    `export const paginatorTable: readonly PaginatorEntry[] = [\n${rows.join('\n')}\n];`,
    '',
  ].join('\n');
}
