import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MiroSimulator } from '../../src/simulator/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'examples/migrate-board/src/main.ts');
// By URL, so that the child finds it whatever its working directory.
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export interface ScriptExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the migration script as a child process against the simulator; with `killAtLines`,
 * SIGKILLs it once its journal has that many lines.
 */
export function runMigrateScript(
  simulator: MiroSimulator,
  args: string[],
  options: { token: string; journal?: string; killAtLines?: number; cwd?: string },
): Promise<ScriptExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, '--quiet', '--base-url', simulator.url, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, MIRO_ACCESS_TOKEN: options.token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const watcher =
      options.killAtLines === undefined
        ? undefined
        : setInterval(() => {
            if (journalLines(options.journal!) >= options.killAtLines!) child.kill('SIGKILL');
          }, 5);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (watcher) clearInterval(watcher);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export function journalLines(journal: string): number {
  try {
    return fs.readFileSync(journal, 'utf8').split('\n').length - 1;
  } catch {
    return 0;
  }
}
