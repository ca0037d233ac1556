import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import type { MiroApi } from '../../src/index.js';
import { seedDemoBoard, type DemoBoard } from '../../examples/migrate-board/src/demo-board.js';
import { verifyCopy } from '../../examples/migrate-board/src/verify-copy.js';
import { checkerApi, snapshotBoard } from './migrate-board-support.js';
import { runMigrateScript, type ScriptExit } from './migrate-board-process.js';

const TOKEN = 'resume-token';
const CHECKER = 'resume-checker';

let simulator: MiroSimulator;
let checker: MiroApi;
let source: DemoBoard;
let workDir: string;

beforeAll(async () => {
  // A generous budget (the child's limiter follows the simulator's headers) and some latency,
  // so that the copy takes long enough to be killed in the middle of it.
  simulator = await startMiroSimulator({
    tokens: { [TOKEN]: 'migrator', [CHECKER]: 'checker' },
    rateLimit: { budget: 10_000_000, windowMs: 60_000 },
    latencyMs: 3,
  });
  checker = checkerApi(simulator, CHECKER);
  source = await seedDemoBoard(simulator, checker, 600);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-board-resume-'));
});

afterAll(async () => {
  await simulator?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

/** Runs the script against this suite's simulator (see migrate-board-process.ts). */
function runScript(args: string[], options: { token: string; journal?: string; killAtLines?: number; cwd?: string }): Promise<ScriptExit> {
  return runMigrateScript(simulator, args, options);
}

describe('migrate-board as a process', () => {
  it('survives being killed twice mid-run: the third run completes the copy with no duplicates and nothing missing', async () => {
    const target = simulator.state.createBoard({ name: 'resumed copy' });
    const journal = path.join(workDir, 'killed.journal');
    const args = ['--from', source.boardId, '--to', target.id, '--journal', journal, '--credit-budget', '10000000'];

    const first = await runScript(args, { token: TOKEN, journal, killAtLines: 150 });
    expect(first.signal).toBe('SIGKILL');
    const afterFirst = simulator.state.items(target.id).length;
    expect(afterFirst).toBeGreaterThan(0);
    expect(afterFirst).toBeLessThan(600);

    const second = await runScript(args, { token: TOKEN, journal, killAtLines: 650 });
    expect(second.signal).toBe('SIGKILL');

    const third = await runScript(args, { token: TOKEN, journal });
    expect(third.stderr).toBe('');
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/failed {7}0/);

    const [original, copy] = await Promise.all([snapshotBoard(simulator, checker, source.boardId), snapshotBoard(simulator, checker, target.id)]);
    expect(simulator.state.items(target.id)).toHaveLength(600);
    expect(copy.items).toEqual(original.items);
    expect(copy.connectors).toEqual(original.connectors);
    expect(copy.tagLinks).toEqual(original.tagLinks);
    expect((await verifyCopy(checker, source.boardId, target.id, journal)).problems).toEqual([]);
  }, 150_000);

  it('reports a wrong token in one line with exit code 1 (creating nothing), and bad options with exit code 2', async () => {
    const target = simulator.state.createBoard({ name: 'never written' });
    const journal = path.join(workDir, 'wrong-token.journal');
    const [wrongToken, badOption] = await Promise.all([
      runScript(['--from', source.boardId, '--to', target.id, '--journal', journal], { token: 'not-a-token' }),
      runScript(['--read-ahead', 'zero'], { token: TOKEN }),
    ]);
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr.trim()).toBe('migrate-board: Miro refused the access token (401 Unauthorized): check MIRO_ACCESS_TOKEN');
    expect(wrongToken.stderr).not.toContain('not-a-token');
    expect(simulator.state.items(target.id)).toHaveLength(0);
    // A failed start leaves no journal behind (it used to leave an empty one).
    expect(fs.existsSync(journal)).toBe(false);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('--read-ahead must be a positive integer, got "zero"');
  }, 60_000);

  it('leaves no journal file in the current directory when the target board does not exist', async () => {
    const cwd = fs.mkdtempSync(path.join(workDir, 'cwd-'));
    const run = await runScript(['--from', source.boardId, '--to', 'no-such-board'], { token: TOKEN, cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('target board no-such-board was not found (404)');
    expect(fs.readdirSync(cwd)).toEqual([]);
  }, 60_000);
});
