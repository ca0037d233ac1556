import { execFile } from 'node:child_process';
import { cpSync, copyFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureLibraryBuild, newestMtime } from '../../support/library-build.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Makes the example ready to build, so that `npm install && npm test` is all the set-up there is:
 * the library built, the example's packages installed from its lockfile (`npm ci`, which never
 * rewrites it; the only network is the npm registry), and its copy of miro-rx (install-links)
 * refreshed when the library was built again since.
 */
export async function ensureExampleInstall(exampleDir: string): Promise<void> {
  await ensureLibraryBuild();
  const modules = path.join(exampleDir, 'node_modules');
  const installed = ['@angular/build', '@angular/cli', 'playwright-core', 'miro-rx/package.json'].every((name) => existsSync(path.join(modules, name)));
  if (!installed) {
    await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: exampleDir, maxBuffer: 64 * 1024 * 1024 });
    return;
  }
  const copy = path.join(modules, 'miro-rx');
  if (newestMtime(path.join(repo, 'dist')) <= newestMtime(path.join(copy, 'dist'))) return;
  // What npm would copy (the package's `files`): the build and package.json are what changed.
  rmSync(path.join(copy, 'dist'), { recursive: true, force: true });
  cpSync(path.join(repo, 'dist'), path.join(copy, 'dist'), { recursive: true });
  copyFileSync(path.join(repo, 'package.json'), path.join(copy, 'package.json'));
}
