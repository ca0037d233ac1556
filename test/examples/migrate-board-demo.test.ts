import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

describe('the demo, piped', () => {
  it('ends with the summary: the verification comes before it, nothing after it', async () => {
    const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'examples/migrate-board/src/main.ts'), '--demo-items', '520'], {
      cwd: ROOT,
      env: { ...process.env, MIRO_ACCESS_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code, stdout + stderr).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    const summary = lines.indexOf('Summary');
    expect(summary, stdout).toBeGreaterThan(0);
    expect(lines.findIndex((line) => line.startsWith('The copy matches the source'))).toBeLessThan(summary);
    expect(lines.at(-1)).toMatch(/^requests {5}\d+, credits [\d,]+, time \d+\.\d s$/);
    expect(stderr).toBe('');
  }, 120_000);
});
