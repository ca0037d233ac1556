import { defineConfig } from 'tsup';

// ESM and CommonJS builds with declarations; one entry per public subpath.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  splitting: true,
  treeshake: true,
  outDir: 'dist',
});
