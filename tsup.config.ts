import { defineConfig, type Options } from 'tsup';

// `npm run build` empties dist/ first: two configs build at once, so neither may clean it.
const shared: Options = { clean: false, sourcemap: true, target: 'es2022', treeshake: true, outDir: 'dist', external: ['ioredis'] };

// The library: ESM and CommonJS with declarations, one entry per public subpath.
// `index` is browser-safe; `simulator` and `node` are Node-only.
const library = defineConfig({
  ...shared,
  entry: { index: 'src/index.ts', simulator: 'src/simulator/index.ts', node: 'src/node/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
});

// The `miro-rx-simulator` command: an ESM program (it awaits at top level), never required.
const cli = defineConfig({ ...shared, entry: { 'simulator-cli': 'src/simulator/cli.ts' }, format: ['esm'], dts: false });

export default [library, cli];
