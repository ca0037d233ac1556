import { defineConfig } from 'tsup';

// ESM and CommonJS builds with declarations; one entry per public subpath.
// `index` is browser-safe; `simulator` and `node` are Node-only.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    simulator: 'src/simulator/index.ts',
    'simulator-cli': 'src/simulator/cli.ts',
    node: 'src/node/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', simulator: 'src/simulator/index.ts', node: 'src/node/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  splitting: true,
  treeshake: true,
  outDir: 'dist',
  external: ['ioredis'],
});
