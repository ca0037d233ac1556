/**
 * Emits operations/<operation>.ts: one operation's descriptor, its input validators (built on
 * first use, so that importing the module runs no zod code), and its function taking the
 * client first; for a paged operation also its two streaming helpers. Nothing at the top level
 * has side effects, so a bundler drops every module an app does not call.
 */
import type { ModelOperation } from '../spec-model.js';
import { descriptorOf, inputValidators } from '../emit-operations.js';
import { operationFunction } from '../emit-client.js';
import { helperFunctions } from '../emit-paginators.js';
import type { ZodContext } from '../emit-zod.js';
import { BODY_LIMITS } from '../miro-facts.js';
import type { Generation } from '../generation.js';

/** The constant that holds an operation's descriptor in its module. */
export const descriptorName = (op: ModelOperation) => `${op.methodName}Operation`;

const INPUT_VALUES = ['booleanQueryValue', 'int64Value', 'numericQueryValue', 'pathValue'];

function importsOf(op: ModelOperation, validators: string, paged: boolean, multipart: boolean): string[] {
  const used = (name: string) => new RegExp(`\\b${name}\\b`).test(validators);
  const values = INPUT_VALUES.filter(used);
  const limits = BODY_LIMITS[op.operationId];
  return [
    "import type { Observable } from 'rxjs';",
    "import * as z from 'zod/mini';",
    "import type { BodyOptions, CallOptions, MiroResponse, ResponseOptions } from '../../http/call-options.js';",
    "import type { Operation, OperationValidators } from '../../http/operation.js';",
    ...(values.length ? [`import { ${values.join(', ')} } from '../../http/input-values.js';`] : []),
    ...(used('miroFileSchema') ? ["import { miroFileSchema } from '../../files/miro-file.js';"] : []),
    ...(multipart ? ["import { multipartBody } from '../../files/multipart-body.js';"] : []),
    ...(limits ? [`import { ${limits.name} } from '../../${limits.module}';`] : []),
    "import type { MiroClient } from '../../client/miro-client.js';",
    ...(paged
      ? [
          "import type { MiroPage, PageItem } from '../../pagination/miro-page.js';",
          "import type { PaginationOptions } from '../../pagination/pagination-options.js';",
          "import { readAllItems, readAllPages } from '../../pagination/read-all.js';",
        ]
      : []),
    ...(/\bcomponents\./.test(validators) ? ["import * as components from '../component-validators.js';"] : []),
    "import type * as types from '../types.js';",
  ];
}

export function operationModule(gen: Generation, op: ModelOperation): string {
  const zodContext: ZodContext = {
    schemas: gen.model.schemas,
    validatorName: (name) => `components.${gen.componentNames.get(name)}Validator()`,
    isForwardReference: () => true,
  };
  const validators = inputValidators(op, zodContext);
  const helper = gen.helpers.find((candidate) => candidate.op === op);
  const described = descriptorOf(op, gen.model.schemas);
  const descriptor = JSON.stringify(described, null, 2);
  // Only operations that send files carry the multipart encoder (and so bundle it).
  const multipart = described.body?.parts !== undefined;
  const name = descriptorName(op);
  return [
    gen.header,
    ...importsOf(op, validators, helper !== undefined, multipart),
    '',
    'let validators: OperationValidators | undefined;',
    '',
    `/** ${op.operationId}: \`${op.method} ${op.path}\`. Its input validators are built on first use. */`,
    `export const ${name}: Operation = ${descriptor.slice(0, -2)},\n  input: () => (validators ??= ${validators}),${multipart ? '\n  multipartBody,' : ''}\n};`,
    '',
    operationFunction(op, gen.names, name),
    ...(helper ? ['', helperFunctions(helper, gen.names, name)] : []),
    '',
  ].join('\n');
}
