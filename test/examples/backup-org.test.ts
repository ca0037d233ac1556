import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { lastValueFrom, toArray } from 'rxjs';
import { closeSharedCreditLimiters, type ExportBoardEvent, MiroApi } from '../../src/index.js';
import { downloadBoard } from '../../examples/backup-org/src/download-artifact.js';
import { backupOrg } from '../../examples/backup-org/src/backup-org.js';
import { formatSummary } from '../../examples/backup-org/src/progress-line.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'examples/backup-org/src/main.ts');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const TOKEN = 'backup-token';
const BOARDS = 120;

let simulator: MiroSimulator;
let workDir: string;

beforeAll(async () => {
  // Downloads take 25 ms each, so the first run can be killed in the middle of them.
  simulator = await startMiroSimulator({
    tokens: [TOKEN],
    rateLimit: { budget: 10_000_000, windowMs: 60_000 },
    exports: { startDelayMs: 20, taskMs: 1, downloadMs: 25 },
  });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-org-test-'));
});
afterAll(async () => {
  await simulator?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

function savedLines(dir: string): number {
  try {
    return fs
      .readFileSync(path.join(dir, 'journal.ndjson'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"kind":"saved"')).length;
  } catch {
    return 0;
  }
}

/** Runs the backup script on the simulator; SIGKILLs it once `killAtSaved` boards are journaled. */
function runBackup(args: string[], killAtSaved?: number, dir?: string) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, '--quiet', '--base-url', simulator.url, '--poll-ms', '20', ...args], {
      cwd: ROOT,
      env: { ...process.env, MIRO_ACCESS_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const watcher = killAtSaved === undefined ? undefined : setInterval(() => savedLines(dir!) >= killAtSaved && child.kill('SIGKILL'), 2);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (watcher) clearInterval(watcher);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('backup-org as a process', () => {
  it('killed mid-download and rerun, saves every board exactly once from the job it created first', async () => {
    const org = simulator.state.createOrganization({ boards: BOARDS });
    const dir = path.join(workDir, 'backup');
    const args = ['--org', org.id, '--out', dir];

    const first = await runBackup(args, 30, dir);
    expect(first.signal).toBe('SIGKILL');
    const savedBefore = savedLines(dir);
    expect(savedBefore).toBeGreaterThanOrEqual(30);
    expect(savedBefore).toBeLessThan(BOARDS);

    const second = await runBackup(args);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/saved {3}120 of 120 boards/);
    expect(second.stdout).toMatch(/jobs {4}0 created, 1 resumed/);

    expect(simulator.state.exportJobs(org.id)).toHaveLength(1);
    const files = fs.readdirSync(path.join(dir, 'boards'));
    expect(files).toHaveLength(BOARDS);
    expect(files.every((file) => file.endsWith('.svg'))).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { boards: Record<string, { file: string }> };
    expect(Object.keys(manifest.boards).sort()).toEqual([...org.boardIds].sort());
    for (const boardId of org.boardIds) expect(fs.readFileSync(path.join(dir, manifest.boards[boardId]!.file), 'utf8')).toContain(boardId);
    // Only what the killed run had not journaled was downloaded again (at most the 4 in flight).
    const downloads = simulator.requestLog.filter((entry) => entry.path.startsWith('/export-artifacts/') && entry.status === 200);
    expect(downloads.length).toBeGreaterThanOrEqual(BOARDS);
    expect(downloads.length).toBeLessThanOrEqual(BOARDS + 4);
  }, 150_000);

  it('reports boards that failed for good and retries temporary failures on the next run', async () => {
    const org = simulator.state.createOrganization({ boards: 4 });
    simulator.state.failBoardExports([org.boardIds[1]!], 'FATAL');
    simulator.state.failBoardExports([org.boardIds[2]!], 'TEMPORARY', 2);
    const dir = path.join(workDir, 'failing');
    const api = new MiroApi(TOKEN, { baseUrl: simulator.url });
    const options = {
      api,
      orgId: org.id,
      boardIds: org.boardIds,
      dir,
      format: 'PDF' as const,
      exportOptions: { pollIntervalMs: 10, maxPollIntervalMs: 10, temporaryRetries: 1 },
    };
    const first = await backupOrg(options);
    expect(first.failures).toEqual([
      { boardId: org.boardIds[1], reason: 'FATAL: the board cannot be exported', temporary: false },
      { boardId: org.boardIds[2], reason: expect.stringMatching(/^TEMPORARY/), temporary: true },
    ]);
    expect(formatSummary(first, dir)).toContain(`${org.boardIds[2]}: TEMPORARY`);
    const second = await backupOrg(options);
    expect(second.failures).toEqual([expect.objectContaining({ boardId: org.boardIds[1], temporary: false })]);
    expect(second.saved).toBe(3);
    // The rerun exported only the board that had failed temporarily, never the fatal one again.
    expect(simulator.state.exportJobs(org.id).map((job) => job.boardIds)).toEqual([org.boardIds, [org.boardIds[2]], [org.boardIds[2]]]);
    expect(fs.readdirSync(path.join(dir, 'boards')).sort()).toEqual(
      [org.boardIds[0], org.boardIds[2], org.boardIds[3]].map((id) => `${encodeURIComponent(id!)}.pdf`).sort(),
    );
    await closeSharedCreditLimiters();
  });

  it('asks a fresh link when an export link has expired before the download', async () => {
    let clock = Date.now();
    const sim = await startMiroSimulator({ tokens: [TOKEN], now: () => clock, exports: { startDelayMs: 0, taskMs: 0, linkTtlMs: 1_000 } });
    try {
      const org = sim.state.createOrganization({ boards: 1 });
      const api = new MiroApi(TOKEN, { baseUrl: sim.url, rateLimit: false });
      const events = await lastValueFrom(api.exportBoards(org.id, org.boardIds, { pollIntervalMs: 1, maxPollIntervalMs: 1 }).pipe(toArray()));
      const board = events.find((event) => event.type === 'board')!;
      clock += 5_000;
      const dir = path.join(workDir, 'fresh-link');
      fs.mkdirSync(path.join(dir, 'boards'), { recursive: true });
      const saved = await downloadBoard(api, org.id, board as ExportBoardEvent, dir, 'SVG');
      expect(fs.readFileSync(path.join(dir, saved.file), 'utf8')).toContain(org.boardIds[0]);
      const downloads = sim.requestLog.filter((entry) => entry.path.startsWith('/export-artifacts/')).map((entry) => entry.status);
      expect(downloads).toEqual([403, 200]);
      expect(sim.requestLog.filter((entry) => entry.operationId === 'enterprise-create-board-export-task-export-link')).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });
});
