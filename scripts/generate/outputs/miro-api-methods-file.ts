/**
 * Emits miro-api-methods.ts: the interface of `MiroApi`'s generated methods (every operation and
 * every streaming helper, with their overloads and JSDoc), which `MiroApi` merges, and the table
 * of the functions it installs as those methods. A plain object, not a namespace import: a
 * bundler drops it with `MiroApi` when an app uses the functions alone.
 */
import { methodDeclaration } from '../emit-client.js';
import { helperDeclarations } from '../emit-paginators.js';
import type { Generation } from '../generation.js';

export function miroApiMethodsFile(gen: Generation): string {
  const names = gen.model.operations.flatMap((op) => {
    const helper = gen.helpers.find((candidate) => candidate.op === op);
    return [op.methodName, ...(helper ? [helper.items, helper.pages] : [])];
  });
  return [
    gen.header,
    "import type { Observable } from 'rxjs';",
    "import type { BodyOptions, MiroResponse, ResponseOptions } from '../http/call-options.js';",
    "import type { MiroPage, PageItem } from '../pagination/miro-page.js';",
    "import type { PaginationOptions } from '../pagination/pagination-options.js';",
    "import type * as types from './types.js';",
    `import {\n${names.map((name) => `  ${name},`).join('\n')}\n} from './operations/index.js';`,
    '',
    "/** One cold Observable method per operation of Miro's REST API, and two streaming reads per paged one. */",
    'export interface MiroApiMethods {',
    gen.model.operations.map((op) => methodDeclaration(op, gen.names)).join('\n\n'),
    '',
    gen.helpers.map((helper) => helperDeclarations(helper, gen.names)).join('\n\n'),
    '}',
    '',
    '/** The function behind each method: `api.getSpecificBoard(...args)` is `getSpecificBoard(api.client, ...args)`. */',
    `export const miroApiMethods = {\n${names.map((name) => `  ${name},`).join('\n')}\n};`,
    '',
  ].join('\n');
}
