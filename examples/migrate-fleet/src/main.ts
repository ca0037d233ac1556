// The fleet's command line: `worker` serves the queue; `copy` enqueues boards and follows them.
import '../../../src/node/index.js';
import { Redis } from 'ioredis';
import { runFleetCopy } from './fleet-copy.js';
import { FLEET_USAGE, type FleetOptions, parseFleetOptions } from './fleet-options.js';
import { startFleetWorker } from './fleet-worker.js';
import { fileOwnerClients } from './owner-clients.js';

async function main(): Promise<number> {
  let options: FleetOptions;
  try {
    options = parseFleetOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`migrate-fleet: ${(error as Error).message}\n\n${FLEET_USAGE}`);
    return 2;
  }
  if (options.command === 'help') {
    console.log(FLEET_USAGE);
    return 0;
  }
  // BullMQ's blocking commands must wait as long as Redis takes, never give up after a few tries.
  const redis = new Redis(options.redis, { maxRetriesPerRequest: null, lazyConnect: true });
  try {
    await redis.connect();
  } catch (error) {
    console.error(`migrate-fleet: cannot reach Redis at ${options.redis} (${(error as Error).message}); start one (redis-server) or pass --redis <url>`);
    redis.disconnect();
    return 1;
  }
  // The limiter's own client: Bottleneck duplicates it for its subscriber, which a lazy client would never connect.
  const budgets = new Redis(options.redis);
  budgets.on('error', () => undefined);
  try {
    const clients = fileOwnerClients(options.tokens!, { baseUrl: options.baseUrl, redis: budgets, windowMs: options.windowMs });
    if (options.command === 'worker') return await runWorker(options, redis, clients);
    const { code, report } = await runFleetCopy({ redis, queue: options.queue, clients, boards: options.boards, team: options.team, budget: options.budget });
    console.log(report);
    return code;
  } catch (error) {
    console.error(`migrate-fleet: ${(error as Error).message}`);
    return 1;
  } finally {
    redis.disconnect();
    budgets.disconnect();
  }
}

/** Serves the queue until SIGTERM or SIGINT, then lets the boards under way reach a journal record and stops. */
async function runWorker(options: FleetOptions, redis: Redis, clients: ReturnType<typeof fileOwnerClients>): Promise<number> {
  const { worker, recovery, close } = startFleetWorker({ queue: options.queue, redis, clients, concurrency: options.concurrency, lockMs: options.lockMs });
  for (const boards of [worker, recovery]) {
    boards.on('failed', (job, error) => console.error(`board ${job?.data.source ?? '?'}: ${error.message}`));
    boards.on('completed', (job) => console.log(`board ${job.data.source} copied to ${job.returnvalue.target}`));
    // BullMQ reports here what it recovers from itself (a lost connection, a lock renewed too late).
    boards.on('error', (error) => console.error(`worker: ${error.message}`));
  }
  recovery.on('active', (job) => job.stalledCounter > 0 && console.log(`board ${job.data.source} taken over`));
  await worker.waitUntilReady();
  console.log(`worker ${process.pid} serving queue ${options.queue} (${options.concurrency} board(s) at once)`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await close();
  return 0;
}

// Exit explicitly with the run's status, whatever handles are still open.
process.exit(await main());
