import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

/** True when `redis-server` can be started here. */
export const redisInstalled = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
/** CI sets this: a missing redis-server must fail the suite, not skip it. */
export const redisRequired = process.env.MIRO_RX_REQUIRE_REDIS === '1';
export const skipRedis = !redisInstalled && !redisRequired;
if (skipRedis) console.warn('redis-server is not installed: skipping cluster-mode tests (set MIRO_RX_REQUIRE_REDIS=1 to fail instead)');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts a throwaway redis-server on a free loopback port, without persistence. */
export async function startRedisServer(onPort?: number): Promise<{ port: number; pid: number | undefined; close: () => Promise<void> }> {
  if (!redisInstalled) throw new Error('redis-server is not installed, and MIRO_RX_REQUIRE_REDIS=1 says the cluster tests must run');
  // A given port restarts a server where its clients expect it (restart tests).
  const port = onPort ?? (await freePort());
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const deadline = Date.now() + 15_000;
  // Wait until it accepts connections, then until it answers.
  while (!(await accepts(port))) {
    if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const probe = new Redis({ port, host: '127.0.0.1' });
  await probe.ping();
  probe.disconnect();
  return {
    port,
    pid: child.pid,
    close: async () => {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A redis-server for one describe block, started before its tests and stopped after them, with
 * an admin client for reading the keys the tests check.
 */
export function useRedisServer(): { readonly port: number; readonly admin: Redis } {
  let server: Awaited<ReturnType<typeof startRedisServer>> | undefined;
  let admin: Redis | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis({ port: server.port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.close();
  });
  return {
    get port() {
      return server!.port;
    },
    get admin() {
      return admin!;
    },
  };
}
