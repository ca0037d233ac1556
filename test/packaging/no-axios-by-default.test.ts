/**
 * axios costs ~110 ms of CPU to import and ~22 KB gzipped in a browser bundle, so the public
 * entries must not load it: it is reachable only through a dynamic import (a proxy named in the
 * environment) or from `miro-rx/node`. Checked on esbuild's metafile of each entry, following
 * static imports only, the way the entry is evaluated.
 */
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

async function staticImports(entry: string, platform: 'browser' | 'node' = 'browser'): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: { entry },
    bundle: true,
    write: false,
    splitting: true,
    format: 'esm',
    platform,
    outdir: 'out',
    metafile: true,
    logLevel: 'silent',
    external: ['axios'],
  });
  return reachable(metafile, 'out/entry.js');
}

/** Every path an output loads before it runs: its static imports, followed through chunks. */
function reachable(metafile: Metafile, start: string): string[] {
  const seen = new Set<string>();
  const visit = (output: string) => {
    for (const imported of metafile.outputs[output]?.imports ?? []) {
      if (imported.kind !== 'import-statement' || seen.has(imported.path)) continue;
      seen.add(imported.path);
      visit(imported.path);
    }
  };
  visit(start);
  return [...seen];
}

describe('no axios on the default path', () => {
  it.each(['src/index.ts', 'src/operations.ts'])('%s imports axios only dynamically, if at all', async (entry) => {
    const imports = await staticImports(entry);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports).not.toContain('axios');
  });

  it('the check can fail: miro-rx/node imports axios statically', async () => {
    expect(await staticImports('src/node/index.ts', 'node')).toContain('axios');
  });
});
