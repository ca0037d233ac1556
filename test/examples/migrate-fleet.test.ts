import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiroApi } from '../../src/index.js';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import type { BoardJobData, BoardJobResult } from '../../examples/migrate-fleet/src/board-job.js';
import { boardContents, compareContents } from '../../examples/migrate-fleet/src/fleet-check.js';
import { type SeededBoard, seedFleetBoards } from '../../examples/migrate-fleet/src/fleet-seed.js';
import { boardKeys } from '../../examples/migrate-fleet/src/redis-journal-store.js';
import { copyMarker } from '../../examples/migrate-fleet/src/target-board.js';
import { skipRedis, startRedisServer } from '../limiter/support/redis-server.js';
import { creditsByUserWindow, journalLength, journalTail, runFleet, writeTokensFile } from './migrate-fleet-support.js';

const USERS = ['ada', 'grace', 'edsger', 'barbara'];
/** Miro's budget on a 2-second window: the budget, not the CPU, is what the copy waits for. */
const WINDOW_MS = 2_000;
const BUDGET = 100_000;
const ITEMS = 200;
const QUEUE = 'fleet-test';
const MISSING = 'missing-board';

describe.skipIf(skipRedis)('migrate-fleet: three worker processes, one Redis, 20 boards of 4 users', () => {
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let admin: Redis;
  let queue: Queue<BoardJobData, BoardJobResult>;
  let simulator: MiroSimulator;
  let checker: MiroApi;
  let seeded: SeededBoard[];
  let tokens: ReturnType<typeof writeTokensFile>;
  let common: string[];
  const workers: ReturnType<typeof runFleet>[] = [];
  const startWorker = () => workers.push(runFleet(['worker', ...common, '--lock-ms', '2000', '--concurrency', '2'])) && workers.at(-1)!;

  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis({ port: redis.port, host: '127.0.0.1', maxRetriesPerRequest: null });
    queue = new Queue(QUEUE, { connection: admin });
    const userTokens = Object.fromEntries(USERS.map((user) => [user, `token-${user}`]));
    simulator = await startMiroSimulator({
      tokens: { ...Object.fromEntries(USERS.map((user) => [`token-${user}`, user])), checker: 'checker' },
      rateLimit: { budget: BUDGET, windowMs: WINDOW_MS },
    });
    checker = new MiroApi('checker', { baseUrl: simulator.url, rateLimit: false });
    seeded = await seedFleetBoards(simulator, checker, { boards: 20, items: ITEMS, owners: USERS });
    tokens = writeTokensFile(userTokens);
    common = [
      '--redis',
      `redis://127.0.0.1:${redis.port}`,
      '--tokens',
      tokens.file,
      '--base-url',
      simulator.url,
      '--queue',
      QUEUE,
      '--window-ms',
      String(WINDOW_MS),
    ];
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.done));
    await queue?.close();
    admin?.disconnect();
    await simulator?.close();
    await redis?.close();
    tokens?.remove();
  });

  it('copies every board exactly once through two SIGKILLed workers, within each user’s budget; a missing board fails with its reason', async () => {
    // Connectors take a while to create, so that a worker can be caught among them.
    simulator.setFaults({ latency: { ms: 150, operations: ['create-connector'] } });
    for (let n = 0; n < 3; n++) startWorker();
    const list = [...seeded.map((board) => board.boardId), `${MISSING}@ada`].join(',');
    // The same boards enqueued twice at once: one job per board.
    const clis = [runFleet(['copy', ...common, '--boards', list]), runFleet(['copy', ...common, '--boards', list])];

    const killedBoards: string[] = [];
    const killedDuring: string[] = [];
    const deadline = Date.now() + 150_000;
    while (killedDuring.length < 2 && Date.now() < deadline) {
      for (const job of await queue.getActive()) {
        // The journal's latest records say which phase the board is in, and how far it got.
        const latest = await journalTail(admin, QUEUE, job.data.source, 20);
        const pid = Number(job.processedBy?.split(':').pop());
        const worker = workers.find((candidate) => candidate.child.pid === pid && candidate.child.exitCode === null && candidate.child.signalCode === null);
        const last = latest.at(-1);
        const connectors = latest.filter((kind) => kind === 'connector').length;
        const phase =
          killedDuring.length === 0
            ? last === 'item' && latest.length === 20 && (await journalLength(admin, QUEUE, job.data.source)) < ITEMS - 20
              ? 'items'
              : undefined
            : last === 'connector' && connectors >= 2 && connectors < 16
              ? 'connectors'
              : undefined;
        if (!worker || !phase) continue;
        worker.child.kill('SIGKILL');
        killedDuring.push(phase);
        killedBoards.push(job.data.source);
        startWorker();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(killedDuring).toEqual(['items', 'connectors']);

    const results = await Promise.all(clis.map((cli) => cli.done));
    simulator.setFaults(undefined);
    for (const { code, output } of results) {
      expect(code, output).toBe(1);
      expect(output).toContain('boards       21: 20 copied, 1 failed, 0 unfinished');
      expect(output).toMatch(new RegExp(`failed {7}board-copy-${MISSING}: the source board ${MISSING} was not found \\(404\\)`));
      // The report is the last thing printed.
      expect(output.trimEnd().split('\n').at(-1)).toMatch(/^time {9}\d+\.\d s$/);
    }

    // Counted on the target boards themselves, not from any journal.
    for (const board of seeded) {
      const target = await admin.hget(boardKeys(QUEUE, board.boardId).target, 'id');
      expect(target, board.boardId).toBeTruthy();
      const [source, copy] = await Promise.all([boardContents(simulator, checker, board.boardId), boardContents(simulator, checker, target!)]);
      expect(compareContents(source, copy), board.boardId).toEqual([]);
      expect(copy.items).toHaveLength(ITEMS);
      expect(copy.connectors).toHaveLength(board.connectors);
      expect(copy.tagLinks).toHaveLength(board.attachments);
    }
    // One target per board: no board was created twice, none for the missing source.
    const targets = simulator.state.boards().filter((board) => board.name.includes('(copy of '));
    expect(targets).toHaveLength(seeded.length);
    expect(targets.some((board) => board.name.endsWith(copyMarker(MISSING)))).toBe(false);

    // The killed workers' boards were resumed from their journals, not started over.
    for (const source of killedBoards) {
      const job = await queue.getJob(`board-copy-${source}`);
      const { items } = job!.returnvalue;
      expect(items.done + items.adopted, source).toBeGreaterThan(0);
      expect(items.created + items.adopted + items.done).toBe(ITEMS);
    }

    // The simulator's own record: no user's window over the budget, and no 429 refused.
    const owners = simulator.requestLog.filter((entry) => entry.userId !== undefined && USERS.includes(entry.userId));
    expect(owners.filter((entry) => entry.status === 429)).toEqual([]);
    const windows = creditsByUserWindow(owners, WINDOW_MS);
    expect(Math.max(...windows.values())).toBeLessThanOrEqual(BUDGET);
  }, 300_000);

  it('copies nothing again when the same boards are enqueued after they were copied', async () => {
    const before = simulator.requestLog.length;
    const list = seeded.map((board) => board.boardId).join(',');
    const { code, output } = await runFleet(['copy', ...common, '--boards', list]).done;
    expect(code, output).toBe(0);
    expect(output).toContain('boards       20: 20 copied, 0 failed, 0 unfinished');
    const writes = simulator.requestLog.slice(before).filter((entry) => entry.method !== 'GET');
    expect(writes).toEqual([]);
  }, 120_000);
});
