import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { redisInstalled } from '../../limiter/support/redis-server.js';

/**
 * A redis-server that keeps its data across a restart (append-only file, fsync on every write),
 * as a token store must: a Redis that restarts empty logs every user out. Its files live in a
 * temporary folder removed by `remove`.
 */
export async function startDurableRedis(): Promise<{ port: number; kill: () => Promise<void>; start: () => Promise<void>; remove: () => Promise<void> }> {
  if (!redisInstalled) throw new Error('redis-server is not installed, and MIRO_RX_REQUIRE_REDIS=1 says the Redis tests must run');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'miro-rx-durable-redis-'));
  const port = await freePort();
  let child: ReturnType<typeof spawn> | undefined;
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
    child = spawn('redis-server', args, { stdio: 'ignore' });
    const deadline = Date.now() + 15_000;
    while (!(await answersPing(port))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    running.kill('SIGKILL');
    await new Promise((resolve) => running.once('exit', resolve));
  };
  await start();
  return { port, start, kill, remove: async () => (await kill(), await rm(dir, { recursive: true, force: true })) };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** True once the server answers PING (it refuses commands while it loads the append-only file). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (reply) => {
      socket.destroy();
      resolve(reply.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}
