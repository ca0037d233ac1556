/**
 * Writes the streaming helpers of a paged operation: `getAllItems` (every item) and
 * `getAllItemsPages` (every page with its position), as `MiroApi` methods and as functions
 * taking the client first. Both hand the operation once to the runtime in src/pagination/.
 */
import type { ModelOperation } from './spec-model.js';
import { CLIENT_ARGUMENT, functionDoc, parameterList, type Argument, type ClientTypeNames } from './emit-client.js';
import { pagesVariantName, paginatorName, PYTHON_CLIENT_NAMES } from './paginator-names.js';

const POSITION_PARAMETER = { cursor: 'cursor', offset: 'offset', scim: 'startIndex' } as const;

export interface PagedHelper {
  op: ModelOperation;
  items: string;
  pages: string;
}

/** Names every helper and checks that none collides with an operation or another helper. */
export function pagedHelpers(operations: readonly ModelOperation[]): PagedHelper[] {
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

interface HelperShape {
  args: Argument[];
  typeParameters: string;
  response: string;
  itemType: string;
  pageType: string;
  itemsDoc: string[];
  pagesDoc: string[];
  path: string;
}

function shapeOf({ op, items, pages }: PagedHelper, names: ClientTypeNames): HelperShape {
  const style = op.pagination as keyof typeof POSITION_PARAMETER;
  const position = POSITION_PARAMETER[style];
  const queryName = names.query(op);
  if (!queryName) throw new Error(`${op.operationId}: a paged operation without query parameters`);
  const filter = names.itemFilter(op);
  const generic = filter ? '<T>' : '';
  const queryRequired = op.queryParameters.some((p) => p.required && p.name !== position);
  const args: Argument[] = [
    ...op.pathParameters.map((p) => ({ name: p.key, type: 'string', optional: false })),
    { name: 'query', type: `Omit<types.${queryName}${generic}, '${position}'>`, optional: !queryRequired },
    { name: 'options', type: 'PaginationOptions', optional: true },
  ];
  const response = `types.${names.response(op)}${generic}`;
  const route = `\`${op.method} ${op.path}\``;
  const extra = names.helperDoc(op, position);
  const deprecated = op.deprecated ? ['@deprecated Miro marks this operation as deprecated.'] : [];
  return {
    args,
    typeParameters: filter ? `<T extends ${filter} = never>` : '',
    response,
    itemType: `PageItem<${response}>`,
    pageType: `MiroPage<PageItem<${response}>, ${response}>`,
    itemsDoc: [
      `Every item of ${op.operationId} (${route}), one by one across all pages, in Miro's order.`,
      'Lazy: nothing is sent before subscription and `take(n)` requests only the pages it needs.',
      `Page by page: {@link ${pages}}; a single page: {@link ${op.methodName}}.`,
      ...extra,
      ...deprecated,
    ],
    pagesDoc: [
      `Every page of ${op.operationId} (${route}), each with its position and the next one's,`,
      `so that a read can be saved and resumed with \`options.from\`. Items one by one: {@link ${items}}.`,
      ...extra,
      ...deprecated,
    ],
    path: `[${op.pathParameters.map((p) => p.key).join(', ')}]`,
  };
}

function jsdoc(lines: readonly string[], indent: string): string[] {
  return [`${indent}/**`, ...lines.map((line) => (line ? `${indent} * ${line.replace(/\*\//g, '*\\/')}` : `${indent} *`)), `${indent} */`];
}

/** Both helpers as declarations of the `MiroApi` interface. */
export function helperDeclarations(helper: PagedHelper, names: ClientTypeNames): string {
  const shape = shapeOf(helper, names);
  const args = parameterList(shape.args);
  return [
    ...jsdoc(shape.itemsDoc, '  '),
    `  ${helper.items}${shape.typeParameters}(${args}): Observable<${shape.itemType}>;`,
    '',
    ...jsdoc(shape.pagesDoc, '  '),
    `  ${helper.pages}${shape.typeParameters}(${args}): Observable<${shape.pageType}>;`,
  ].join('\n');
}

/** Both helpers as functions of the operation's module, taking the client first. */
export function helperFunctions(helper: PagedHelper, names: ClientTypeNames, descriptor: string): string {
  const shape = shapeOf(helper, names);
  const args = parameterList([CLIENT_ARGUMENT, ...shape.args]);
  return [
    ...jsdoc(functionDoc(shape.itemsDoc), ''),
    `export function ${helper.items}${shape.typeParameters}(${args}): Observable<${shape.itemType}> {`,
    `  return readAllItems<${shape.itemType}>(client, ${descriptor}, ${shape.path}, query, options);`,
    '}',
    '',
    ...jsdoc(functionDoc(shape.pagesDoc), ''),
    `export function ${helper.pages}${shape.typeParameters}(${args}): Observable<${shape.pageType}> {`,
    `  return readAllPages<${shape.itemType}, ${shape.response}>(client, ${descriptor}, ${shape.path}, query, options);`,
    '}',
  ].join('\n');
}
