/**
 * Emits miro-api-methods.ts: the interface of `MiroApi`'s generated methods (every operation and
 * every streaming helper, with their overloads and JSDoc). `MiroApi` merges it and installs the
 * operation functions as its methods; nothing here runs.
 */
import { methodDeclaration } from '../emit-client.js';
import { helperDeclarations } from '../emit-paginators.js';
import type { Generation } from '../generation.js';

export function miroApiMethodsFile(gen: Generation): string {
  return [
    gen.header,
    "import type { Observable } from 'rxjs';",
    "import type { BodyOptions, MiroResponse, ResponseOptions } from '../http/call-options.js';",
    "import type { MiroPage, PageItem } from '../pagination/miro-page.js';",
    "import type { PaginationOptions } from '../pagination/pagination-options.js';",
    "import type * as types from './types.js';",
    '',
    "/** One cold Observable method per operation of Miro's REST API, and two streaming reads per paged one. */",
    'export interface MiroApiMethods {',
    gen.model.operations.map((op) => methodDeclaration(op, gen.names)).join('\n\n'),
    '',
    gen.helpers.map((helper) => helperDeclarations(helper, gen.names)).join('\n\n'),
    '}',
    '',
  ].join('\n');
}
