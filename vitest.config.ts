import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'examples/angular/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores in CI: keep workers few so timing-sensitive limiter tests are not starved.
    maxWorkers: 2,
  },
});
