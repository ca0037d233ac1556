/**
 * Emits component-validators.ts: a validator for every component schema reachable from a
 * request body, each built on first use and cached. The module runs no zod code when imported,
 * and each validator is a separate function, so a bundler keeps only those an app's operations
 * reach.
 */
import { zodExpression, type ZodContext } from '../emit-zod.js';
import type { Generation } from '../generation.js';
import { SUMMARY } from '../bulk-item-schemas.js';

export function componentValidatorsFile(gen: Generation): string {
  const name = (component: string) => `${gen.componentNames.get(component)}Validator`;
  const zodContext: ZodContext = {
    schemas: gen.model.schemas,
    validatorName: (component) => `${name(component)}()`,
    // Every component is built lazily, which also makes recursive schemas safe.
    isForwardReference: () => true,
  };
  const expression = (component: string) => zodExpression(gen.model.schemas[component], zodContext);
  const used = gen.inputComponents.map(expression).join('\n');
  const values = ['booleanQueryValue', 'int64Value'].filter((value) => used.includes(`${value}(`));
  return [
    gen.header,
    // zod's mini API, as a namespace: bundlers keep only the functions used.
    "import * as z from 'zod/mini';",
    ...(values.length ? [`import { ${values.join(', ')} } from '../http/input-values.js';`] : []),
    ...(used.includes('miroFileSchema') ? ["import { miroFileSchema } from '../files/miro-file.js';"] : []),
    ...(used.includes('withoutOtherTypesFields(') ? ["import { withoutOtherTypesFields } from '../bulk/bulk-item-fields.js';"] : []),
    '',
    ...gen.inputComponents.flatMap((component) => [
      `let ${name(component)}Cache: z.ZodMiniType | undefined;`,
      `/** ${gen.model.schemas[component]?.[SUMMARY] ?? `Miro schema \`${component}\``}, as request input. */`,
      `export const ${name(component)} = (): z.ZodMiniType => (${name(component)}Cache ??= ${expression(component)});`,
      '',
    ]),
  ].join('\n');
}
