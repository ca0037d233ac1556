/**
 * Emits operations/index.ts: every operation function and streaming helper, by name. The entry
 * `miro-rx/operations` re-exports it; `MiroApi` installs each one as a method.
 */
import type { Generation } from '../generation.js';

export function operationFunctionsIndex(gen: Generation): string {
  const lines = gen.model.operations.map((op) => {
    const helper = gen.helpers.find((candidate) => candidate.op === op);
    const names = [op.methodName, ...(helper ? [helper.items, helper.pages] : [])];
    return `export { ${names.join(', ')} } from './${gen.moduleName(op)}.js';`;
  });
  return [gen.header, ...lines, ''].join('\n');
}
