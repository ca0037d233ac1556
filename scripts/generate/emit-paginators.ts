/**
 * Emits src/generated/miro-api-paginators.ts: for every paged operation, a streaming helper
 * (`getAllItems`) and its page-by-page variant (`getAllItemsPages`), both thin calls into the
 * hand-written runtime in src/pagination/, plus `paginatorTable` listing them.
 */
import type { ModelOperation } from './spec-model.js';
import type { ClientTypeNames } from './emit-client.js';
import { pagesVariantName, paginatorName, PYTHON_CLIENT_NAMES } from './paginator-names.js';

const POSITION_PARAMETER = { cursor: 'cursor', offset: 'offset', scim: 'startIndex' } as const;

interface Helper {
  op: ModelOperation;
  items: string;
  pages: string;
}

/** Names every helper and checks that none collides with an operation or another helper. */
export function pagedHelpers(operations: readonly ModelOperation[]): Helper[] {
  const methodNames = new Set(operations.map((op) => op.methodName));
  const paged = operations.filter((op) => op.pagination !== 'none');
  for (const operationId of Object.keys(PYTHON_CLIENT_NAMES)) {
    if (!paged.some((op) => op.operationId === operationId)) throw new Error(`paginator-names.ts: ${operationId} is not a paged operation`);
  }
  const taken = new Set(methodNames);
  return paged.map((op) => {
    if (op.body) throw new Error(`${op.operationId}: a paged operation with a request body is not supported`);
    const items = paginatorName(op, methodNames);
    const pages = pagesVariantName(items);
    for (const name of [items, pages]) {
      if (taken.has(name)) throw new Error(`${op.operationId}: helper name ${name} is already taken`);
      taken.add(name);
    }
    return { op, items, pages };
  });
}

function helperMethods({ op, items, pages }: Helper, names: ClientTypeNames): string {
  const style = op.pagination as keyof typeof POSITION_PARAMETER;
  const position = POSITION_PARAMETER[style];
  const queryName = names.query(op);
  if (!queryName) throw new Error(`${op.operationId}: a paged operation without query parameters`);
  const queryRequired = op.queryParameters.some((p) => p.required && p.name !== position);
  const pathArgs = op.pathParameters.map((p) => `${p.key}: string`);
  const filter = names.itemFilter(op);
  const generic = filter ? '<T>' : '';
  const typeParameters = filter ? `<T extends ${filter} = never>` : '';
  const args = [...pathArgs, `query${queryRequired ? '' : '?'}: Omit<types.${queryName}${generic}, '${position}'>`, 'options?: PaginationOptions'].join(', ');
  const response = `types.${names.response(op)}${generic}`;
  const fetch = `(page, call) => this.${op.methodName}(${[...op.pathParameters.map((p) => p.key), `page as types.${queryName}`, 'call'].join(', ')})`;
  const sizeKey = style === 'scim' ? 'count' : 'limit';
  const route = `\`${op.method} ${op.path}\``;
  const extraDoc = names.helperDoc(op, position).map((line) => (line ? `   * ${line.replace(/\*\//g, '*\\/')}` : '   *'));
  return [
    `  /**`,
    `   * Every item of ${op.operationId} (${route}), one by one across all pages, in Miro's order.`,
    `   * ${style} paging, with the largest page the operation allows unless \`query.${sizeKey}\` sets one.`,
    `   * Lazy: nothing is sent before subscription and \`take(n)\` requests only the pages it needs.`,
    `   * Page by page: {@link ${pages}}; a single page: {@link ${op.methodName}}.`,
    ...extraDoc,
    ...(op.deprecated ? ['   * @deprecated Miro marks this operation as deprecated.'] : []),
    `   */`,
    `  ${items}${typeParameters}(${args}): Observable<PageItem<${response}>> {`,
    `    return paginateItems(operations.${op.methodName}, ${fetch}, query, options);`,
    `  }`,
    '',
    `  /**`,
    `   * Every page of ${op.operationId} (${route}), each with its position and the next one's,`,
    `   * so that a read can be saved and resumed with \`options.from\`. Items one by one: {@link ${items}}.`,
    ...extraDoc,
    ...(op.deprecated ? ['   * @deprecated Miro marks this operation as deprecated.'] : []),
    `   */`,
    `  ${pages}${typeParameters}(${args}): Observable<MiroPage<PageItem<${response}>, ${response}>> {`,
    `    return paginatePages(operations.${op.methodName}, ${fetch}, query, options);`,
    `  }`,
  ].join('\n');
}

/** The lines of src/generated/miro-api-paginators.ts. */
export function paginatorLines(header: string, operations: readonly ModelOperation[], names: ClientTypeNames): string[] {
  const helpers = pagedHelpers(operations);
  const table = helpers.map(
    ({ op, items, pages }) =>
      `  { operationId: '${op.operationId}', operationMethod: '${op.methodName}', items: '${items}', pages: '${pages}', pagination: '${op.pagination}' },`,
  );
  return [
    header,
    "import type { Observable } from 'rxjs';",
    "import type { PaginationStyle } from '../http/operation.js';",
    "import type { MiroPage, PageItem } from '../pagination/miro-page.js';",
    "import { paginateItems, paginatePages } from '../pagination/paginate.js';",
    "import type { PaginationOptions } from '../pagination/pagination-options.js';",
    "import { MiroApiOperations } from './miro-api-operations.js';",
    "import * as operations from './operations.js';",
    "import type * as types from './types.js';",
    '',
    '/** A paged operation and the names of its two streaming helpers on `MiroApi`. */',
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
    `/** Every paged operation (${helpers.length}) and its helpers, in document order. */`,
    `export const paginatorTable: readonly PaginatorEntry[] = [\n${table.join('\n')}\n];`,
    '',
    '/** Streaming reads of every paged operation, on top of the one-page methods. */',
    'export abstract class MiroApiPaginators extends MiroApiOperations {',
    helpers.map((helper) => helperMethods(helper, names)).join('\n\n'),
    '}',
    '',
  ];
}
