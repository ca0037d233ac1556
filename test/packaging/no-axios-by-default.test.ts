/**
 * axios costs ~110 ms of CPU to import and ~22 KB gzipped in a browser bundle, so the public
 * entries must neither load nor carry it: Node imports it by a name bundlers cannot follow, only
 * for a proxy named in the environment; `miro-rx/node` imports it outright. Checked on esbuild's
 * metafile: every module a bundle of the entry holds, dynamic imports included.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

async function axiosFilesBundled(entry: string, platform: 'browser' | 'node'): Promise<string[]> {
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
  });
  return Object.keys(metafile.inputs).filter((input) => input.includes('node_modules/axios/'));
}

describe('no axios on the default path', () => {
  it.each(['src/index.ts', 'src/operations.ts'])('%s neither imports nor bundles axios', async (entry) => {
    expect(await axiosFilesBundled(entry, 'browser')).toEqual([]);
  });

  it('the check can fail: miro-rx/node imports axios', async () => {
    expect((await axiosFilesBundled('src/node/index.ts', 'node')).length).toBeGreaterThan(0);
  });
});
