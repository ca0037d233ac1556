import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * Bundles a worker script into one ES module under node_modules/.cache, so child processes start
 * with plain `node` in a fraction of the time tsx needs to compile the generated sources.
 */
export async function bundleWorker(source: URL, name: string): Promise<string> {
  const outfile = fileURLToPath(new URL(`../../../node_modules/.cache/miro-rx-tests/${name}.mjs`, import.meta.url));
  await build({
    entryPoints: [fileURLToPath(source)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}
