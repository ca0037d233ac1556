// `npm run fleet`: Redis (found or started), the simulator with 20 boards of 4 users, three workers and the CLI.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { MiroApi } from '../../../src/index.js';
import { startMiroSimulator } from '../../../src/simulator/index.js';
import { DEMO_FAULTS } from '../../migrate-board/src/run-demo.js';
import { boardKeys } from './redis-journal-store.js';
import { boardContents, compareContents } from './fleet-check.js';
import { exitOf, spawnFleetCommand } from './fleet-process.js';
import { seedFleetBoards } from './fleet-seed.js';
import { findOrStartRedis } from './local-redis.js';

const USERS = ['ada', 'grace', 'edsger', 'barbara'];
const SEED_TOKEN = 'fleet-seed-token';
/** Miro's budget on a 5-second window: the fleet spends and waits like a real one, 12 times faster. */
const WINDOW_MS = 5_000;
const WORKERS = 3;

const { values } = parseArgs({ options: { faults: { type: 'boolean', default: false }, items: { type: 'string', default: '300' } } });
const items = Number(values.items);
if (!Number.isInteger(items) || items < 42) {
  console.error(`fleet: --items must be an integer of at least 42, got ${JSON.stringify(values.items)}`);
  process.exit(2);
}

let redis;
try {
  redis = await findOrStartRedis(process.env.MIRO_FLEET_REDIS?.trim() || 'redis://127.0.0.1:6379');
} catch (error) {
  console.error(`fleet: ${(error as Error).message}`);
  process.exit(1);
}
const tokens = Object.fromEntries(USERS.map((user) => [`fleet-token-${user}`, user]));
const simulator = await startMiroSimulator({ tokens: { ...tokens, [SEED_TOKEN]: 'seeder' }, rateLimit: { budget: 100_000, windowMs: WINDOW_MS } });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miro-fleet-demo-'));
// A queue of this run's own: a Redis shared with other work keeps its keys apart, and they are removed at the end.
const queue = `miro-fleet-demo-${process.pid}`;
const workers: ReturnType<typeof spawnFleetCommand>[] = [];
let code = 1;
try {
  console.log(`Redis at ${redis.url}${redis.started ? ' (started for this demo)' : ''}; Miro simulator at ${simulator.url}.`);
  const checker = new MiroApi(SEED_TOKEN, { baseUrl: simulator.url, rateLimit: false });
  const boards = await seedFleetBoards(simulator, checker, { boards: 20, items, owners: USERS, teamId: 'team-fleet' });
  const tokensFile = path.join(dir, 'tokens.json');
  fs.writeFileSync(tokensFile, JSON.stringify(Object.fromEntries(USERS.map((user) => [user, `fleet-token-${user}`]))));
  console.log(`Seeded 20 boards of ${items} items owned by ${USERS.join(', ')}; budget 100,000 credits per user per ${WINDOW_MS / 1000} s window.`);
  if (values.faults) {
    simulator.setFaults(DEMO_FAULTS);
    console.log('Faults on: about 10% of requests fail (5xx, resets before and after Miro acts, invalid JSON, slow bodies).');
  }
  const common = ['--redis', redis.url, '--tokens', tokensFile, '--base-url', simulator.url, '--queue', queue, '--window-ms', String(WINDOW_MS)];
  const log = fs.openSync(path.join(dir, 'workers.log'), 'a');
  for (let n = 0; n < WORKERS; n++) workers.push(spawnFleetCommand(['worker', ...common, '--lock-ms', '5000'], { stdio: ['ignore', log, log] }));
  console.log(`${WORKERS} workers started; copying the team's boards:`);
  const cli = spawnFleetCommand(['copy', ...common, '--team', 'team-fleet'], { stdio: 'inherit' });
  code = (await exitOf(cli)).code ?? 1;
  simulator.setFaults(undefined);
  const admin = new Redis(redis.url);
  let exact = 0;
  for (const board of boards) {
    const target = await admin.hget(boardKeys(queue, board.boardId).target, 'id');
    const problems = target
      ? compareContents(await boardContents(simulator, checker, board.boardId), await boardContents(simulator, checker, target))
      : ['no copy'];
    if (problems.length === 0) exact += 1;
    else console.error(`board ${board.boardId}: ${problems.join('; ')}`);
  }
  await cleanUp(admin, queue);
  admin.disconnect();
  console.log(
    `Checked on the simulator, without the journals: ${exact} of ${boards.length} copies exact (items, frames and children, tags, connectors; nothing twice).`,
  );
  if (exact !== boards.length) code = 1;
} finally {
  for (const worker of workers) worker.kill('SIGTERM');
  await Promise.all(workers.map(exitOf));
  await simulator.close();
  await redis.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(code);

/** Removes this run's keys: BullMQ's (`bull:<queue>:*`) and the fleet's (`<queue>:*`). */
async function cleanUp(admin: Redis, queue: string): Promise<void> {
  for (const pattern of [`bull:${queue}:*`, `${queue}:*`]) {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await admin.del(...keys);
    } while (cursor !== '0');
  }
}
