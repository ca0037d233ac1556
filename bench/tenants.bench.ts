/**
 * Many users in one process (one run, not a test). `npm run bench tenants`.
 * For 10 to 10,000 users, each with a budget of their own (one token each), local and on a real
 * redis-server: one call each, 50 of them active at once, then idle past the idle release time.
 * Measures Redis connections, idle Redis commands/s (INFO stats), idle CPU, heap per active user
 * and heap after idle. Then three processes x 1,000 users share their budgets through one Redis,
 * against a loopback server with one fixed window per token: no window of any user over budget.
 * Scaled: 1 s windows, budgets released after 1.5 s idle. BENCH_USERS=10,100 runs a subset;
 * BENCH_USERS= (empty) only the three processes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { lastValueFrom } from 'rxjs';
import { MiroApi } from '../src/index.js';
import '../src/node/index.js';
import { closeSharedCreditLimiters, sharedCreditLimiterCount } from '../src/limiter/shared-credit-limiters.js';
import { redisInstalled, startRedisServer } from '../test/limiter/support/redis-server.js';

const SELF = fileURLToPath(import.meta.url);
const WINDOW_MS = 1_000;
const IDLE_MS = 1_500;
const USERS = (process.env.BENCH_USERS ?? '10,100,1000,10000').split(',').filter(Boolean).map(Number);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const heapMb = () => (gc(), process.memoryUsage().heapUsed / 2 ** 20);

/** A loopback Miro stand-in: every token has its own fixed window of `budget` credits (50 per GET). */
async function startWindowServer(budget: number) {
  const sent = new Map<string, number>(); // "token window" -> credits the client sent in it
  const server = http.createServer((req, res) => {
    const token = req.headers.authorization ?? '';
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    const key = `${token} ${window}`;
    const spent = (sent.get(key) ?? 0) + 50;
    sent.set(key, spent);
    const fits = spent <= budget;
    res.writeHead(fits ? 200 : 429, {
      'content-type': 'application/json',
      'x-ratelimit-limit': String(budget),
      'x-ratelimit-remaining': String(Math.max(0, budget - spent)),
      // Miro's header is in seconds; the bench's windows are 1 s, so this is exact.
      'x-ratelimit-reset': String((window + 1) * (WINDOW_MS / 1000)),
    });
    res.end(fits ? '{"id":"b1","type":"board"}' : '{"status":429,"code":"tooManyRequests","type":"error"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

function apisFor(users: number, url: string, redisPort: number | undefined, budget: number) {
  // maxWaitMs: the scaled windows would make the default (two windows) 2 s, less than thousands of
  // budgets probing a loaded Redis at once take; a real window is 60 s and waits up to 120 s.
  const rateLimit = {
    budget,
    windowMs: WINDOW_MS,
    idleReleaseMs: IDLE_MS,
    resetMarginMs: 20,
    maxWaitMs: 30_000,
    ...(redisPort ? { redis: { port: redisPort, host: '127.0.0.1' } } : {}),
  };
  return Array.from({ length: users }, (_, i) => new MiroApi(`user-${i}`, { baseUrl: url, rateLimit, retry: { retries: 5 } }));
}

async function inChunks<T>(items: T[], size: number, run: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

/** One scenario, in a process of its own: prints one JSON line. */
async function child(users: number, url: string, redisPort: number | undefined) {
  const admin = redisPort ? new Redis({ port: redisPort, host: '127.0.0.1' }) : undefined;
  const connections = async () =>
    admin
      ? String(await admin.client('LIST'))
          .trim()
          .split('\n').length - 1
      : 0;
  const commands = async () => (admin ? Number(/total_commands_processed:(\d+)/.exec(await admin.info('stats'))![1]) : 0);
  const baseline = heapMb();
  let apis = apisFor(users, url, redisPort, 1_000_000);
  const started = Date.now();
  await inChunks(apis, 500, (api) => lastValueFrom(api.getSpecificBoard('b1')));
  const callsMs = Date.now() - started;
  const activeConnections = await connections();
  const heapActive = heapMb();
  // 50 users active at once for 2 s.
  const active = apis.slice(0, 50);
  const until = Date.now() + 2_000;
  await Promise.all(
    active.map(async (api) => {
      while (Date.now() < until) await lastValueFrom(api.getSpecificBoard('b1'));
    }),
  );
  const heap50 = heapMb();
  apis = []; // the service drops its clients; what is left after idle is miro-rx's own
  await sleep(IDLE_MS * 2 + 500);
  const c0 = await commands();
  const cpu0 = process.cpuUsage();
  await sleep(3_000);
  const cpu = process.cpuUsage(cpu0);
  const idleCommandsPerS = admin ? ((await commands()) - c0 - 2) / 3 : Number.NaN; // minus the two INFO calls of the measurement
  const idleConnections = await connections();
  console.log(
    JSON.stringify({
      users,
      redis: Boolean(redisPort),
      callsMs,
      activeConnections,
      idleConnections,
      limitersLeft: sharedCreditLimiterCount(),
      idleCommandsPerS: Number.isNaN(idleCommandsPerS) ? '-' : Math.round(idleCommandsPerS),
      idleCpuPct: +(((cpu.user + cpu.system) / 1e3 / 3_000) * 100).toFixed(2),
      heapPerUserKb: +(((heapActive - baseline) * 1024) / users).toFixed(1),
      heap50ActiveMb: +(heap50 - baseline).toFixed(1),
      heapAfterIdleMb: +(heapMb() - baseline).toFixed(1),
    }),
  );
  await closeSharedCreditLimiters();
  admin?.disconnect();
}

/** One of the three processes sharing 1,000 users' budgets: each user tries 6 GETs (300 credits) against a budget of 200. */
async function sharer(url: string, redisPort: number) {
  const apis = apisFor(1_000, url, redisPort, 200);
  let failed = 0;
  await inChunks(apis, 1_000, (api) => Promise.all(Array.from({ length: 6 }, () => lastValueFrom(api.getSpecificBoard('b1')).catch(() => (failed += 1)))));
  console.log(JSON.stringify({ failed }));
  await closeSharedCreditLimiters();
}

function runChild(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', SELF, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').pop() ?? '') : reject(new Error(`child exited ${code}`))));
  });
}

async function main() {
  const server = await startWindowServer(1_000_000);
  const redis = redisInstalled ? await startRedisServer() : undefined;
  if (!redis) console.log('redis-server is not installed: local rows only');
  console.log(
    '| users | store | 1 call each (ms) | Redis conns active / idle | limiters left | idle Redis cmd/s | idle CPU % | heap per active user (KB) | heap, 50 active (MB) | heap after idle (MB) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const users of USERS) {
    for (const port of redis ? [undefined, redis.port] : [undefined]) {
      const r = JSON.parse(await runChild(['child', String(users), server.url, String(port ?? '')]));
      console.log(
        `| ${users} | ${r.redis ? 'redis' : 'local'} | ${r.callsMs} | ${r.activeConnections} / ${r.idleConnections} | ${r.limitersLeft} | ${r.idleCommandsPerS} | ${r.idleCpuPct} | ${r.heapPerUserKb} | ${r.heap50ActiveMb} | ${r.heapAfterIdleMb} |`,
      );
    }
  }
  await server.close();
  if (redis) {
    const shared = await startWindowServer(200);
    const started = Date.now();
    const results = await Promise.all([0, 1, 2].map(() => runChild(['sharer', shared.url, String(redis.port)])));
    const over = [...shared.sent.values()].filter((credits) => credits > 200).length;
    const windows = shared.sent.size;
    const used = [...shared.sent.values()].reduce((a, b) => a + Math.min(b, 200), 0);
    console.log(
      `3 processes x 1,000 users, budget 200 per 1 s window each: ${windows} user-windows, ${over} over budget, ${used / 50} GETs sent of ${3 * 1000 * 6}, failed calls ${results.map((r) => JSON.parse(r).failed).join('/')}, ${Date.now() - started} ms`,
    );
    await shared.close();
    await redis.close();
  }
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'child') await child(Number(rest[0]), rest[1]!, rest[2] ? Number(rest[2]) : undefined);
else if (mode === 'sharer') await sharer(rest[0]!, Number(rest[1]));
else await main();
