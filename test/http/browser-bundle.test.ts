/**
 * The browser-safe rule, for everyone: `src/index.ts` and all it imports must bundle for the
 * browser with nothing Node-only (no `node:*`, no Node built-ins, no ioredis, no fs).
 */
import { build, type Metafile } from 'esbuild';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

const NODE_ONLY = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`), 'ioredis']);

describe('browser safety', () => {
  it('src/index.ts bundles for platform browser without any Node-only import', async () => {
    const result = await build({
      entryPoints: ['src/index.ts'],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const metafile = result.metafile as Metafile;
    const imports = Object.entries(metafile.inputs).flatMap(([file, input]) => input.imports.map((i) => ({ file, path: i.path })));
    const nodeOnly = imports.filter(({ path }) => NODE_ONLY.has(path) || path.startsWith('node:'));
    expect(nodeOnly, 'Node-only imports on the browser path').toEqual([]);
    expect(Object.keys(metafile.inputs).filter((file) => /src\/(node|simulator)\//.test(file))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\b(require\(|from\s*)["']node:/);
  });
});
