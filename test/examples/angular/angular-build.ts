import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Inputs of the production build; a change to any of them makes the build stale. */
const BUILD_INPUTS = ['src', 'public', 'angular.json', 'tsconfig.json', 'tsconfig.app.json', 'node_modules/miro-rx/dist'];

/**
 * Builds the example for production unless `dist` is newer than everything it is built from,
 * and returns the folder to serve.
 */
export async function ensureAngularBuild(exampleDir: string): Promise<string> {
  const served = path.join(exampleDir, 'dist/miro-rx-angular/browser');
  const index = path.join(served, 'index.html');
  if (existsSync(index) && (await stat(index)).mtimeMs > (await newestInput(exampleDir))) return served;
  const { stdout, stderr } = await run(process.execPath, [path.join(exampleDir, 'node_modules/@angular/cli/bin/ng.js'), 'build', '--progress=false'], {
    cwd: exampleDir,
    env: { ...process.env, NG_CLI_ANALYTICS: 'false', CI: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  // Users see every warning of this build in theirs (a CommonJS module, a budget): allow none.
  const output = `${stdout}\n${stderr}`;
  if (/warning/i.test(output)) throw new Error(`ng build of the example printed warnings:\n${output}`);
  return served;
}

async function newestInput(exampleDir: string): Promise<number> {
  let newest = 0;
  for (const input of BUILD_INPUTS) newest = Math.max(newest, await newestMtime(path.join(exampleDir, input)));
  return newest;
}

async function newestMtime(file: string): Promise<number> {
  const found = await stat(file).catch(() => undefined);
  if (!found) return 0;
  if (!found.isDirectory()) return found.mtimeMs;
  let newest = found.mtimeMs;
  for (const entry of await readdir(file)) newest = Math.max(newest, await newestMtime(path.join(file, entry)));
  return newest;
}
