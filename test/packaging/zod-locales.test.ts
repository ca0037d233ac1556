// Loading miro-rx must not load zod's 40-odd locales: every entry of zod (zod/mini, zod/v4/core)
// loads them all, so the builds carry the zod functions the validators use (tsup.config.ts).
// Checked on the CommonJS build, whose loaded modules Node lists in require.cache.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Options } from 'tsup';
import { afterAll, expect, it } from 'vitest';
import configs from '../../tsup.config.js';

const ROOT = resolve(import.meta.dirname, '../..');
const outDir = mkdtempSync(join(ROOT, 'node_modules', '.miro-rx-locales-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

it('require("miro-rx") loads no zod locale, and its validators still speak English', async () => {
  const cjs = (configs as Options[]).find((config) => config.format?.includes('cjs'))!;
  await build({ ...cjs, dts: false, sourcemap: false, outDir, silent: true, config: false });
  const probe = `
    const { MiroApi } = require(${JSON.stringify(join(outDir, 'index.cjs'))});
    const api = new MiroApi('token', { baseUrl: 'http://127.0.0.1:9', rateLimit: false, retry: false });
    api.getItems('board', { limit: 'many' }).subscribe({ error: (error) => {
      const locales = Object.keys(require.cache).filter((file) => /[\\\\/]zod[\\\\/].*locales/.test(file));
      console.log(JSON.stringify({ locales, message: error.message }));
    } });`;
  const run = spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const { locales, message } = JSON.parse(run.stdout) as { locales: string[]; message: string };
  expect(locales).toEqual([]);
  expect(message).toMatch(/query\.limit must be a number/);
}, 60_000);
