import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
// One lock per clone, outside it: two test files that need dist/ must not build it at once
// (`npm run build` empties dist/ first, which would pull it from under the other).
const lock = path.join(tmpdir(), `miro-rx-build-${createHash('sha256').update(repo).digest('hex').slice(0, 12)}.lock`);
const STALE_LOCK_MS = 10 * 60_000;

export function newestMtime(file: string): number {
  const found = statSync(file, { throwIfNoEntry: false });
  if (!found) return 0;
  if (!found.isDirectory()) return found.mtimeMs;
  return readdirSync(file).reduce((newest, entry) => Math.max(newest, newestMtime(path.join(file, entry))), found.mtimeMs);
}

/** True when dist/ is newer than everything it is built from. */
export function libraryBuildIsFresh(): boolean {
  const built = path.join(repo, 'dist/index.js');
  const inputs = ['src', 'tsup.config.ts', 'package.json'].map((input) => newestMtime(path.join(repo, input)));
  return existsSync(built) && statSync(built).mtimeMs > Math.max(...inputs);
}

/** Builds the library unless dist/ is fresh (CI has just built it); one build at a time per clone. */
export async function ensureLibraryBuild(): Promise<void> {
  if (libraryBuildIsFresh()) return;
  await acquire();
  try {
    if (!libraryBuildIsFresh()) await run('npm', ['run', 'build'], { cwd: repo, maxBuffer: 64 * 1024 * 1024 });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function acquire(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch {
      // A lock left by a killed run is taken over once it is older than any build.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
