import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

describe('browser-safe entry', () => {
  it('bundles src/index.ts for the browser without Redis code or eval("require")', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      // A bundler that cannot resolve these must not need to: the main entry never imports them.
      plugins: [
        {
          name: 'forbid-node-only',
          setup(b) {
            b.onResolve({ filter: /^(ioredis|redis|node:.*)$/ }, (args) => ({ errors: [{ text: `browser entry imports ${args.path}` }] }));
          },
        },
      ],
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/eval\("require"\)/);
    expect(code).not.toMatch(/require\("ioredis"\)/);
    // The full build carries its Lua scripts for Redis; the light build (used here) does not.
    expect(code).not.toMatch(/process_tick/);
  });
});
