// The packed tarball, installed as a user would into throwaway projects: ESM under node16 and
// bundler resolution, CommonJS under node16 and node10, one project that pins its own rxjs 7, and
// a process that loads both builds at once. Each project is compiled by tsc and run. npm installs
// from its cache when it can (--prefer-offline); the only network is the npm registry.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLibraryBuild } from '../support/library-build.js';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const consumerSources = fileURLToPath(new URL('./consumer/', import.meta.url));
const tsc = path.join(repo, 'node_modules/typescript/bin/tsc');
// A different rxjs 7 than the library's devDependency (7.8.2), as an app that pins its own would.
const PINNED_RXJS = '7.8.1';
const MINUTES = 60_000;

let work = '';
let tarball = '';

const npm = (cwd: string, ...args: string[]) =>
  run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], { cwd, maxBuffer: 64 * 1024 * 1024 });

function project(dir: string, dependencies: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), private: true, dependencies }, null, 2));
}

/** A variant: its own module type and tsconfig, sharing the node_modules of the folder above. */
function variant(dir: string, type: 'module' | 'commonjs', compilerOptions: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type }));
  copyFileSync(path.join(consumerSources, 'app.ts'), path.join(dir, 'app.ts'));
  const tsconfig = {
    compilerOptions: {
      strict: true,
      target: 'es2022',
      outDir: 'out',
      skipLibCheck: false,
      // As `tsc --init` sets it; zod's own CommonJS declarations need it under node10.
      esModuleInterop: true,
      types: ['node'],
      typeRoots: [path.join(repo, 'node_modules/@types')],
      ...compilerOptions,
    },
    files: ['app.ts'],
  };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
}

async function compileAndRun(dir: string): Promise<typeof expected> {
  await run(process.execPath, [tsc, '-p', dir]).catch((error: { stdout?: string }) => {
    throw new Error(`tsc failed in ${path.basename(dir)}:\n${error.stdout ?? String(error)}`);
  });
  const { stdout } = await run(process.execPath, [path.join(dir, 'out/app.js')], { cwd: dir });
  return JSON.parse(stdout.trim()) as typeof expected;
}

const expected = { name: 'Consumer board', refusedIsMiroError: true, fileHelper: 'function', viaFunction: 'Consumer board' };

describe('the packed package in consumer projects', () => {
  beforeAll(async () => {
    await ensureLibraryBuild();
    work = mkdtempSync(path.join(tmpdir(), 'miro-rx-consumers-'));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: repo, maxBuffer: 64 * 1024 * 1024 });
    tarball = path.join(work, (JSON.parse(stdout) as [{ filename: string }])[0].filename);
    const rxjs =
      (JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.rxjs ?? 'missing';
    project(path.join(work, 'shared'), { 'miro-rx': `file:${tarball}`, rxjs });
    project(path.join(work, 'pinned'), { 'miro-rx': `file:${tarball}`, rxjs: PINNED_RXJS });
    await Promise.all([npm(path.join(work, 'shared'), 'install'), npm(path.join(work, 'pinned'), 'install')]);
    variant(path.join(work, 'shared/esm-node16'), 'module', { module: 'node16', moduleResolution: 'node16' });
    variant(path.join(work, 'shared/esm-bundler'), 'module', { module: 'esnext', moduleResolution: 'bundler' });
    variant(path.join(work, 'shared/cjs-node16'), 'commonjs', { module: 'node16', moduleResolution: 'node16' });
    variant(path.join(work, 'shared/cjs-node10'), 'commonjs', { module: 'commonjs', moduleResolution: 'node10' });
    variant(path.join(work, 'pinned/app'), 'module', { module: 'node16', moduleResolution: 'node16' });
  }, 15 * MINUTES);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs the builds, their declarations, the CLI, README, LICENSE and CHANGELOG, and nothing else', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json'], { cwd: repo, maxBuffer: 64 * 1024 * 1024 });
    const files = (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((file) => file.path);
    expect(files.filter((file) => !file.startsWith('dist/')).sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
    for (const entry of ['index', 'operations', 'otel', 'simulator', 'node']) {
      expect(files).toEqual(expect.arrayContaining([`dist/${entry}.js`, `dist/${entry}.cjs`, `dist/${entry}.d.ts`, `dist/${entry}.d.cts`]));
    }
    expect(files).toContain('dist/simulator-cli.js');
  });

  it.each(['esm-node16', 'esm-bundler', 'cjs-node16', 'cjs-node10'])(
    'compiles and runs as %s',
    async (name) => {
      expect(await compileAndRun(path.join(work, 'shared', name))).toEqual(expected);
    },
    5 * MINUTES,
  );

  it(
    `uses the app's own rxjs ${PINNED_RXJS}, with no second copy under miro-rx`,
    async () => {
      const installed = JSON.parse(readFileSync(path.join(work, 'pinned/node_modules/rxjs/package.json'), 'utf8')) as { version: string };
      expect(installed.version).toBe(PINNED_RXJS);
      expect(existsSync(path.join(work, 'pinned/node_modules/miro-rx/node_modules/rxjs'))).toBe(false);
      expect(await compileAndRun(path.join(work, 'pinned/app'))).toEqual(expected);
    },
    5 * MINUTES,
  );

  it(
    'recognises errors across the ESM and CommonJS builds and keeps one limiter per budget',
    async () => {
      copyFileSync(path.join(consumerSources, 'dual.cjs'), path.join(work, 'shared/dual.cjs'));
      const { stdout } = await run(process.execPath, [path.join(work, 'shared/dual.cjs')], { cwd: path.join(work, 'shared') });
      expect(JSON.parse(stdout.trim())).toEqual({
        twoCopies: true,
        esmErrorIsCjsMiroApiError: true,
        esmErrorIsCjsMiroError: true,
        esmErrorIsCjsTimeout: false,
        plainErrorIsMiroError: false,
        limitersForOneBudget: 1,
        esmClassesRenamed: [],
      });
    },
    5 * MINUTES,
  );
});
