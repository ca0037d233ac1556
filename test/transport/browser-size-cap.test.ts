/**
 * The browser path: miro-rx bundled for the browser, run in headless Chromium (when installed),
 * sending through axios's XMLHttpRequest adapter to a loopback server on the same origin. An
 * over-cap response and a gzip bomb end as MiroResponseTooLargeError there too (miro-rx watches
 * the download's progress, since XMLHttpRequest has no cap of its own), and a read whose
 * connection fails is retried as in Node.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const MB = 1024 * 1024;
// One gzip member: Chromium decodes only the first member of a multi-member stream.
const BOMB = gzipSync(Buffer.alloc(20 * MB));

// Runs in the page: one call per board id in the query, results written into the page. Chromium
// runs the page on virtual time, which may run ahead while a body streams in: the call's timeout
// is set far past the page's budget, so only the size cap can end an exchange here.
const PAGE_SCRIPT = `
import { MiroApi } from './src/index.ts';
const api = new MiroApi('browser-token', { baseUrl: location.origin, rateLimit: false, retry: false, maxResponseBytes: ${MB}, timeoutMs: 3600000 });
const retrying = new MiroApi('browser-token', { baseUrl: location.origin, rateLimit: false, retry: { minDelayMs: 1, maxDelayMs: 5 }, timeoutMs: 3600000 });
const ids = new URLSearchParams(location.search).get('ids').split(',');
const results = await Promise.all(ids.map((id) => new Promise((resolve) => (id.startsWith('retry-') ? retrying : api).getSpecificBoard(id).subscribe({
  next: (board) => resolve(id + '=value:' + board.id),
  error: (error) => resolve(id + '=' + error.name + ':' + (error.maxResponseBytes ?? '') + ':' + (typeof XMLHttpRequest)),
}))));
document.body.textContent = 'RESULTS ' + results.join(' ') + ' END';
`;

const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) console.warn(`browser size-cap suite skipped: ${CHROMIUM} not installed (apt-get install chromium)`);

let server: http.Server;
let origin = '';
const resetOnce = new Set<string>();
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  const bundle = await build({
    stdin: { contents: PAGE_SCRIPT, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text;
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/')
      return res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><body>waiting<script type="module" src="/app.js"></script></body>');
    if (url.pathname === '/app.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    const id = url.pathname.split('/').pop() ?? '';
    // The first read of a `retry-` board loses its connection; the retry is answered.
    if (id.startsWith('retry-') && !resetOnce.has(id)) {
      resetOnce.add(id);
      return req.socket.destroy();
    }
    if (id === 'bomb') return res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(BOMB);
    if (id === 'big') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, description: 'x'.repeat(2 * MB) }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, type: 'board' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

/** Loads the page in headless Chromium and returns the DOM once its work is done. */
async function runPage(ids: string[]): Promise<string> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'miro-rx-size-cap-'));
  try {
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--virtual-time-budget=600000',
      '--dump-dom',
      `${origin}/?ids=${ids.join(',')}`,
    ];
    return await new Promise<string>((resolve, reject) =>
      execFile(CHROMIUM, args, { timeout: 90_000, maxBuffer: 16 * MB }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

describeWithChromium('in a browser (axios XMLHttpRequest adapter)', () => {
  it('an over-cap body and a gzip bomb are MiroResponseTooLargeError; a small answer arrives', async () => {
    const dom = await runPage(['big', 'bomb', 'small']);
    const results = /RESULTS (.*) END/.exec(dom)?.[1]?.split(' ');
    expect(results, dom.slice(0, 500)).toEqual([
      `big=MiroResponseTooLargeError:${MB}:function`,
      `bomb=MiroResponseTooLargeError:${MB}:function`,
      'small=value:small',
    ]);
  }, 120_000);

  it('retries a read whose connection failed, as in Node', async () => {
    const dom = await runPage(['retry-reset']);
    const results = /RESULTS (.*) END/.exec(dom)?.[1]?.split(' ');
    expect(results, dom.slice(0, 500)).toEqual(['retry-reset=value:retry-reset']);
    expect(resetOnce.has('retry-reset')).toBe(true);
  }, 120_000);
});
