import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/simulator/cli-options.js';

const cli = fileURLToPath(new URL('../../src/simulator/cli.ts', import.meta.url));

describe('miro-rx-simulator options', () => {
  it('reads ports, tokens, budgets and seeding', () => {
    const request = parseCliArgs(['--port', '0', '--token', 'a', '--token', 'b', '--budget', '500', '--window-ms', '1000', '--seed-items', '20']);
    expect(request.options).toMatchObject({ port: 0, host: '127.0.0.1', tokens: ['a', 'b'], rateLimit: { budget: 500, windowMs: 1000 } });
    expect(request.seedItems).toBe(20);
    expect(parseCliArgs([]).options).toMatchObject({ port: 3000, rateLimit: { budget: 100_000, windowMs: 60_000 } });
    expect(parseCliArgs(['--no-rate-limit']).options.rateLimit).toBe(false);
  });

  it('names the option that is wrong', () => {
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--budget', '0'])).toThrow(/--budget/);
    expect(() => parseCliArgs(['--client-id', 'c'])).toThrow(/--client-secret/);
    expect(() => parseCliArgs(['--bogus'])).toThrow(/bogus/);
  });

  it('serves until SIGTERM, then exits cleanly', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--token', 'cli-token', '--seed-items', '12'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => /Seeded board \S+/.test(output) && resolve());
      child.on('exit', () => reject(new Error(`the CLI exited early: ${output}`)));
    });
    const url = /listening on (\S+)/.exec(output)![1]!;
    const boardId = /Seeded board (\S+)/.exec(output)![1]!;
    const response = await fetch(`${url}/v2/boards/${encodeURIComponent(boardId)}/items?limit=50`, { headers: { authorization: 'Bearer cli-token' } });
    expect(response.status).toBe(200);
    expect((await response.json()).total).toBe(12);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
