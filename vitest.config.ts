import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export default defineConfig({
  // The Angular example's unit tests run here, on the library's sources and the repository's own
  // copy of Angular (one copy, whether or not the example has installed its own).
  resolve: {
    alias: [
      { find: /^miro-rx$/, replacement: source('./src/index.ts') },
      { find: /^miro-rx\/angular$/, replacement: source('./src/angular/index.ts') },
    ],
    dedupe: ['@angular/core', '@angular/common', '@angular/compiler', '@angular/platform-browser', 'rxjs'],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts', 'examples/angular/src/**/*.spec.ts'],
    exclude: ['**/node_modules/**', 'examples/angular/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores in CI: keep workers few so timing-sensitive limiter tests are not starved.
    maxWorkers: 2,
  },
});
