/**
 * `npm run generate [-- outDir]`: writes src/generated/ (or outDir) from spec/miro-openapi.json.
 * Output is rewritten wholesale; fix this generator, never its output. This file only
 * orchestrates: each output file has its own emitter in outputs/.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generationOf } from './generation.js';
import { typesFile } from './outputs/types-file.js';
import { componentValidatorsFile } from './outputs/component-validators-file.js';
import { descriptorName, operationModule } from './outputs/operation-module.js';
import { operationFunctionsIndex } from './outputs/operation-functions-index.js';
import { operationTableFile } from './outputs/operation-table-file.js';
import { miroApiMethodsFile } from './outputs/miro-api-methods-file.js';
import { paginatorTableFile } from './outputs/paginator-table-file.js';
import { documentSchemasFile } from './outputs/document-schemas-file.js';

const SPEC = 'spec/miro-openapi.json';
// An output folder may be named (the regeneration test writes to a temporary one).
const OUT = resolve(process.argv[2] ?? 'src/generated');
const gen = generationOf(SPEC);

// A descriptor's constant must not shadow a function exported beside it.
const exported = new Set([...gen.model.operations.map((op) => op.methodName), ...gen.helpers.flatMap((h) => [h.items, h.pages])]);
for (const op of gen.model.operations) {
  if (exported.has(descriptorName(op))) throw new Error(`${op.operationId}: ${descriptorName(op)} is also a function name`);
}

const files: Record<string, string> = {
  'types.ts': typesFile(gen),
  'component-validators.ts': componentValidatorsFile(gen),
  'operations.ts': operationTableFile(gen),
  'operations/index.ts': operationFunctionsIndex(gen),
  'miro-api-methods.ts': miroApiMethodsFile(gen),
  'paginator-table.ts': paginatorTableFile(gen),
  'document-schemas.ts': documentSchemasFile(gen, SPEC),
  ...Object.fromEntries(gen.model.operations.map((op) => [`operations/${gen.moduleName(op)}.ts`, operationModule(gen, op)])),
};

// Write to a fresh folder, then swap it in: an interrupted run leaves the old output whole.
const staging = `${OUT}.tmp`;
rmSync(staging, { recursive: true, force: true });
for (const [file, contents] of Object.entries(files)) {
  mkdirSync(dirname(join(staging, file)), { recursive: true });
  writeFileSync(join(staging, file), contents);
}
rmSync(OUT, { recursive: true, force: true });
renameSync(staging, OUT);

const scim = gen.model.operations.filter((op) => op.server === 'scim').length;
console.log(
  `src/generated: ${gen.model.operations.length} operations (${scim} SCIM), ${Object.keys(gen.model.schemas).length} schemas, ` +
    `${gen.inputComponents.length} input validators; ${gen.model.danglingResponseRefs} dangling response refs skipped; ` +
    `files: ${readdirSync(OUT).join(', ')}`,
);
