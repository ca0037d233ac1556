/**
 * `examples/node-service --trace`: the service runs with OpenTelemetry's SDK and prints each
 * request's trace: its own server span, the paginated read beneath it, a call per page and an
 * attempt per call.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
let service: ChildProcess | undefined;
afterAll(() => {
  service?.kill();
});

describe('node-service --trace', () => {
  it('prints the trace of a summary request as a tree', async () => {
    service = spawn(process.execPath, ['--import', 'tsx', 'examples/node-service/src/main.ts', '--trace'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', MIRO_ACCESS_TOKEN: '', MIRO_CLIENT_ID: '', MIRO_BASE_URL: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    const printed = (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((done, fail) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) done(match);
        };
        service!.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          check();
        });
        service!.once('exit', () => fail(new Error(`service exited:\n${output}`)));
        check();
      });
    const [, summaryUrl] = await printed(/try: curl (\S+)/);
    const response = await fetch(summaryUrl!);
    expect(response.status).toBe(200);
    await printed(/GET \/boards\/[^\n]*\n(.*\n){6}/);
    const tree = output.slice(output.lastIndexOf('\n', output.indexOf('GET /boards/')) + 1).split('\n');
    expect(tree[0]).toMatch(/^\s+\+0ms\s+\d+ms {2}GET \/boards\/\S+\/summary {2}response\.status_code=200$/);
    expect(tree[1]).toMatch(/^\s+\+\d+ms\s+\d+ms {4}read get-items {2}calls=3$/);
    expect(tree[2]).toMatch(/^\s+\+\d+ms\s+\d+ms {6}get-items {2}attempts=1$/);
    expect(tree[3]).toMatch(
      / {8}GET \/v2\/boards\/\{board_id\}\/items {2}response\.status_code=200 credits\.charged=100 credits\.queued_ms=\d+ rate_limit\.remaining=\d+$/,
    );
  }, 60_000);
});
