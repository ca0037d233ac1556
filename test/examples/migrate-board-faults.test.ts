import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMiroSimulator, type MiroSimulator, type SimulatorFaults } from '../../src/simulator/index.js';
import type { MiroApi } from '../../src/index.js';
import { seedDemoBoard, type DemoBoard } from '../../examples/migrate-board/src/demo-board.js';
import { verifyCopy } from '../../examples/migrate-board/src/verify-copy.js';
import { checkerApi, snapshotBoard } from './migrate-board-support.js';
import { journalLines, runMigrateScript, type ScriptExit } from './migrate-board-process.js';

const TOKEN = 'faults-token';
const CHECKER = 'faults-checker';
const ITEMS = 600;
/** About 10% of requests fail one way or another, on every operation, reads and writes alike. */
const MIXED_FAULTS: SimulatorFaults = {
  resetBeforeActingRate: 0.02,
  serverErrorRate: 0.03,
  resetAfterActingRate: 0.025,
  invalidJsonRate: 0.025,
  slowBodyRate: 0.05,
  slowBodyMs: 30,
};

let simulator: MiroSimulator;
let checker: MiroApi;
let source: DemoBoard;
let workDir: string;

beforeAll(async () => {
  simulator = await startMiroSimulator({
    tokens: { [TOKEN]: 'migrator', [CHECKER]: 'checker' },
    rateLimit: { budget: 10_000_000, windowMs: 60_000 },
    latencyMs: 2,
    seed: 12,
  });
  checker = checkerApi(simulator, CHECKER);
  source = await seedDemoBoard(simulator, checker, ITEMS);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-board-faults-'));
});

afterAll(async () => {
  await simulator?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

/** Runs the script with the faults on, only while it runs: seeding and checking see none. */
async function runWithFaults(args: string[], options: { journal: string; killAtLines?: number }): Promise<ScriptExit> {
  simulator.setFaults(MIXED_FAULTS);
  try {
    return await runMigrateScript(simulator, args, { token: TOKEN, ...options });
  } finally {
    simulator.setFaults(undefined);
  }
}

async function expectExactCopy(targetId: string, journal: string): Promise<void> {
  const [original, copy] = await Promise.all([snapshotBoard(simulator, checker, source.boardId), snapshotBoard(simulator, checker, targetId)]);
  expect(simulator.state.items(targetId)).toHaveLength(ITEMS);
  expect(copy.items).toEqual(original.items);
  expect(copy.connectors).toEqual(original.connectors);
  expect(copy.tagLinks).toEqual(original.tagLinks);
  expect(copy.byType).toEqual(original.byType);
  expect((await verifyCopy(checker, source.boardId, targetId, journal)).problems).toEqual([]);
}

describe('migrate-board under ~10% mixed faults', () => {
  it('finishes in a single run: 0 duplicates, 0 lost, exit code 0', async () => {
    const target = simulator.state.createBoard({ name: 'copy under faults' });
    const journal = path.join(workDir, 'single.journal');
    const run = await runWithFaults(['--from', source.boardId, '--to', target.id, '--journal', journal, '--credit-budget', '10000000'], { journal });
    expect(simulator.requestLog.some((entry) => entry.fault === 'reset-after-acting')).toBe(true);
    expect(simulator.requestLog.some((entry) => entry.fault === 'invalid-json')).toBe(true);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/failed {7}0/);
    expect(run.code).toBe(0);
    await expectExactCopy(target.id, journal);
  }, 120_000);

  it('completes within two runs after the second of two SIGKILLs at random moments', async () => {
    const target = simulator.state.createBoard({ name: 'killed copy under faults' });
    const journal = path.join(workDir, 'killed.journal');
    const args = ['--from', source.boardId, '--to', target.id, '--journal', journal, '--credit-budget', '10000000'];
    // A full copy writes about 1,100 journal lines: the kills land in items, then in tags or connectors.
    const firstKill = 30 + Math.floor(Math.random() * 400);
    const secondKill = firstKill + 100 + Math.floor(Math.random() * 500);
    const first = await runWithFaults(args, { journal, killAtLines: firstKill });
    expect(first.signal, `first kill at ${firstKill} lines`).toBe('SIGKILL');
    const second = await runWithFaults(args, { journal, killAtLines: secondKill });
    const lines = [journalLines(journal)];
    let runs = 0;
    let last = second;
    // A run that ends by itself after the last kill counts; at most two may be needed.
    while (last.signal === 'SIGKILL' || last.code !== 0) {
      if (++runs > 2) break;
      last = await runWithFaults(args, { journal });
      lines.push(journalLines(journal));
    }
    expect(last.code, `kills at ${firstKill} and ${secondKill} lines; ${last.stdout}${last.stderr}`).toBe(0);
    expect(runs).toBeLessThanOrEqual(2);
    // A rerun never does less than the one before: the journal only grows.
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    await expectExactCopy(target.id, journal);
  }, 180_000);
});
