import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiroApi } from '../../src/index.js';
import { type JsonBody, hostileHeaders, jsonBody, SECRET_TOKEN } from './support/hostile-answer.js';
import { failureProblem, watchProcess, withinDeadline } from './support/hostile-checks.js';

// Issue 23: what only a real connection can do wrong, over loopback through axios's own http
// adapter: encodings right and wrong, compressed data cut short, bodies cut short, resets,
// bodies that trickle past the timeout, bodies and gzip bombs over `maxResponseBytes`.
// MIRO_RX_HOSTILE_WIRE_RUNS sets the number of batches (default 60, about 300 answers).

const RUNS = Math.max(1, Number(process.env.MIRO_RX_HOSTILE_WIRE_RUNS ?? 60));
const TIMEOUT_MS = 150;
const MAX_BYTES = 2_048;
const RETRY = { retries: 1, minDelayMs: 1, maxDelayMs: 4, maxRateLimitWaitMs: 30 };
const BOUND_MS = (RETRY.retries + 1) * TIMEOUT_MS + RETRY.retries * RETRY.maxRateLimitWaitMs;
const SLACK_MS = 1_500;

const WIRES = ['plain', 'gzip', 'deflate', 'br', 'wrong-encoding', 'cut-compressed', 'cut-body', 'reset', 'trickle', 'huge', 'bomb'] as const;
type Wire = (typeof WIRES)[number];

interface WireCase {
  wire: Wire;
  status: number;
  body: JsonBody;
  cut: number;
  headers: Record<string, string | string[]>;
}

const SAFE_HEADER = /^[\t\x20-\x7e]*$/;
const wireCase: fc.Arbitrary<WireCase> = fc.record({
  wire: fc.constantFrom(...WIRES),
  status: fc.constantFrom(200, 200, 201, 404, 429, 500, 503, 999),
  body: jsonBody,
  cut: fc.double({ min: 0, max: 0.99, noNaN: true }),
  headers: hostileHeaders.map((headers) => {
    const kept: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (name !== 'content-encoding' && name !== 'content-type' && [value].flat().every((text) => SAFE_HEADER.test(text))) kept[name] = value;
    }
    return kept;
  }),
});

const cases = new Map<string, WireCase>();
const ENCODERS = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync } as const;

function serve(req: http.IncomingMessage, res: http.ServerResponse): void {
  const id = /\/v2\/boards\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '';
  const c = cases.get(id);
  if (!c) return void res.writeHead(500).end();
  if (c.wire === 'reset') return void req.socket.destroy();
  const encoding = c.wire === 'wrong-encoding' ? (['gzip', 'deflate', 'br'] as const)[Math.floor(c.cut * 3)] : undefined;
  const compressed =
    c.wire === 'gzip' || c.wire === 'deflate' || c.wire === 'br' ? c.wire : c.wire === 'cut-compressed' || c.wire === 'bomb' ? 'gzip' : undefined;
  let body = Buffer.from(c.wire === 'huge' ? `{"id":"${'y'.repeat(MAX_BYTES + 1)}"}` : c.body.text);
  if (c.wire === 'bomb') body = Buffer.from(`{"id":"${'0'.repeat(MAX_BYTES * 50)}"}`);
  if (compressed) body = ENCODERS[compressed](body);
  const headers = { ...c.headers, 'content-type': 'application/json', ...(compressed || encoding ? { 'content-encoding': compressed ?? encoding } : {}) };
  if (c.wire === 'cut-compressed') body = body.subarray(0, Math.floor(body.length * c.cut));
  // A cut body promises the whole length, sends part of it, and hangs up.
  res.writeHead(c.status, c.wire === 'cut-body' ? { ...headers, 'content-length': String(body.length) } : headers);
  if (c.wire === 'cut-body') {
    res.write(body.subarray(0, Math.floor(body.length * c.cut)), () => req.socket.destroy());
    return;
  }
  if (c.wire === 'trickle') {
    let sent = 0;
    const step = Math.max(1, Math.ceil(body.length / 10));
    const timer = setInterval(() => {
      if (res.destroyed || sent >= body.length) {
        clearInterval(timer);
        return void (res.destroyed || res.end());
      }
      res.write(body.subarray(sent, sent + step));
      sent += step;
    }, TIMEOUT_MS / 4);
    res.on('close', () => clearInterval(timer));
    return;
  }
  res.end(body);
}

let server: http.Server;
let baseUrl = '';
const process$ = watchProcess();

beforeAll(async () => {
  process$.start();
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => serve(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  process$.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/**
 * Why a success is wrong: only a correctly encoded 2xx JSON body within the cap may succeed,
 * exactly. axios inflates with `Z_SYNC_FLUSH` (lenient, as browsers are), so gzip cut only in
 * its trailer still yields the whole body: a success then, but only with every byte of it.
 */
function successProblem(value: unknown, c: WireCase): string | undefined {
  if (!['plain', 'gzip', 'deflate', 'br', 'cut-compressed'].includes(c.wire) || c.status >= 300) return `success from a ${c.wire} ${c.status}`;
  if (c.body.text.length > MAX_BYTES) return `a body of ${c.body.text.length} characters passed a cap of ${MAX_BYTES}`;
  try {
    expect(value).toEqual(c.body.expected);
  } catch {
    return `${c.body.text} became ${JSON.stringify(value)}`;
  }
  return undefined;
}

describe('hostile answers on the wire', () => {
  it('encodings, cuts, resets, trickles and bombs end in the exact body or a MiroError within the bound', async () => {
    let batchNumber = 0;
    let calls = 0;
    let slowest = 0;
    const outcomes = new Map<string, number>();
    const property = fc.asyncProperty(fc.array(wireCase, { minLength: 1, maxLength: 8 }), async (batch) => {
      batchNumber += 1;
      const ids = batch.map((c, index) => {
        const id = `w${batchNumber}-${index}`;
        cases.set(id, c);
        return id;
      });
      const api = new MiroApi(SECRET_TOKEN, { baseUrl, timeoutMs: TIMEOUT_MS, maxResponseBytes: MAX_BYTES, retry: RETRY, rateLimit: false });
      const results = await Promise.all(ids.map((id) => withinDeadline(firstValueFrom(api.getSpecificBoard(id)), BOUND_MS + SLACK_MS)));
      for (const [index, result] of results.entries()) {
        const c = batch[index] as WireCase;
        const id = ids[index] as string;
        calls += 1;
        slowest = Math.max(slowest, result.ms);
        if (result.overdue) throw new Error(`${id} (${c.wire}) still running after ${result.ms} ms`);
        const problem = 'error' in result ? failureProblem(result.error, id) : successProblem(result.value, c);
        if (problem) throw new Error(`${id} (${c.wire} ${c.status}): ${problem}`);
        const name = 'error' in result ? (result.error as Error).name : 'success';
        outcomes.set(`${c.wire} ${name}`, (outcomes.get(`${c.wire} ${name}`) ?? 0) + 1);
      }
    });
    const loop = () => fc.assert(property, { numRuns: Math.ceil(RUNS / 3) });
    await Promise.all([loop(), loop(), loop()]);
    expect(process$.fired).toEqual([]);
    // Every kind of wire fault was sent and ended as a failure at least once.
    for (const wire of WIRES.filter((kind) => !['plain', 'gzip', 'deflate', 'br'].includes(kind))) {
      expect(
        [...outcomes.keys()].some((key) => key.startsWith(`${wire} Miro`)),
        wire,
      ).toBe(true);
    }
    console.info(`hostile wire: ${calls} calls, slowest ${slowest} ms`, Object.fromEntries(outcomes));
  }, 120_000);
});
