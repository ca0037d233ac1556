/**
 * miro-rx as users get it: the ESM and CommonJS builds of tsup.config.ts (declarations left out,
 * they change nothing at run time), written under node_modules/.cache so that `rxjs`, `axios`
 * and `zod` resolve to the project's own copies.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Options } from 'tsup';
import configs from '../../tsup.config.js';

export async function buildPackage(outDir: string): Promise<{ esm: string; cjs: string; operations: string }> {
  rmSync(outDir, { recursive: true, force: true });
  const [esm, cjs] = (Array.isArray(configs) ? configs : [configs]) as Options[];
  for (const config of [esm!, cjs!]) await build({ ...config, dts: false, sourcemap: false, outDir, silent: true, config: false });
  return { esm: join(outDir, 'index.js'), cjs: join(outDir, 'index.cjs'), operations: join(outDir, 'operations.js') };
}
