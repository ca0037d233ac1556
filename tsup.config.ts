import { defineConfig, type Options } from 'tsup';

// keepNames: error classes keep their names when bundled, which is how instanceof recognises an
// error from the other build (src/errors/error-brand.ts).
// `npm run build` empties dist/ first: several configs build at once, so neither may clean it.
const shared: Options = { clean: false, keepNames: true, sourcemap: true, target: 'es2022', treeshake: true, outDir: 'dist', external: ['ioredis'] };

// The library: ESM and CommonJS with declarations, one entry per public subpath.
// `index`, `operations` (one function per operation, for tree-shaking) and `otel` (which alone
// imports the optional peer @opentelemetry/api) are browser-safe;
// `simulator` and `node` are Node-only.
const entry = { index: 'src/index.ts', operations: 'src/operations.ts', otel: 'src/otel.ts', simulator: 'src/simulator/index.ts', node: 'src/node/index.ts' };

// Bottleneck's light build and is-retry-allowed (under axios-retry) ship only as CommonJS, which
// bundlers such as Angular's warn about in every build of the app: the ESM build carries them as
// ESM inside it. The full `bottleneck` (Redis clustering, Node-only `miro-rx/node`) stays external.
// zod is carried inside both builds too: each of its entries (zod/mini, zod/v4/core) loads all of
// its 40-odd locales, a fifth of miro-rx's import time; bundled, only the functions the
// validators use remain (English messages are given per parse, src/http/validate-input.ts).
// The ESM build is what apps bundle, so it keeps no names: keepNames adds a `__name(fn)` call
// after every function, which no bundler may drop, and an app calling three operations of
// `miro-rx/operations` then shipped all 197. Unminified, esbuild renames a class only when two
// share a name; the packaging test checks that every exported class keeps its own.
// `miro-rx/angular` is ESM only, as Angular's own packages are; splitting puts `MiroApi` in a
// chunk it shares with `index`, so `inject(MiroApi)` finds the class the app imported.
const esm = defineConfig({
  ...shared,
  keepNames: false,
  entry: { ...entry, angular: 'src/angular/index.ts' },
  format: ['esm'],
  dts: true,
  splitting: true,
  noExternal: [/^bottleneck\/light\.js$/, /^axios-retry$/, /^is-retry-allowed$/, /^zod\//],
});
const cjs = defineConfig({ ...shared, entry, format: ['cjs'], dts: true, splitting: true, noExternal: [/^zod\//] });

// The `miro-rx-simulator` command: an ESM program (it awaits at top level), never required.
const cli = defineConfig({ ...shared, entry: { 'simulator-cli': 'src/simulator/cli.ts' }, format: ['esm'], dts: false });

export default [esm, cjs, cli];
