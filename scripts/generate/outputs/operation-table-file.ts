/**
 * Emits operations.ts: every operation's descriptor under its method name, and
 * `operationTable`, all of them in document order (the simulator and tests read it).
 */
import type { Generation } from '../generation.js';
import { descriptorName } from './operation-module.js';

export function operationTableFile(gen: Generation): string {
  const { operations } = gen.model;
  return [
    gen.header,
    "import type { Operation } from '../http/operation.js';",
    ...operations.map((op) => `import { ${descriptorName(op)} } from './operations/${gen.moduleName(op)}.js';`),
    '',
    `export {\n${operations.map((op) => `  ${descriptorName(op)} as ${op.methodName},`).join('\n')}\n};`,
    '',
    '/** Every operation of the document, in document order. */',
    `export const operationTable: readonly Operation[] = [\n${operations.map((op) => `  ${descriptorName(op)},`).join('\n')}\n];`,
    '',
  ].join('\n');
}
