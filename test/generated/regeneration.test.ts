/**
 * `npm run generate` reproduces src/generated exactly: nobody edited the output by hand, and
 * the committed output matches the committed generator and spec. (CI also runs
 * `npm run check:generated`, which compares against git.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const out = join(mkdtempSync(join(tmpdir(), 'miro-rx-generate-')), 'generated');
afterAll(() => rmSync(join(out, '..'), { recursive: true, force: true }));

/** Every file under a folder (operations/ holds one module per operation), relative to it. */
const filesUnder = (folder: string) =>
  readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(folder, file)).isFile())
    .sort();

it('regenerating into a temporary folder gives byte-identical files', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate/index.ts', out], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const committed = filesUnder('src/generated');
  expect(filesUnder(out)).toEqual(committed);
  for (const file of committed) {
    expect(readFileSync(join(out, file), 'utf8'), `src/generated/${file} differs from the generator's output`).toBe(
      readFileSync(join('src/generated', file), 'utf8'),
    );
  }
});
