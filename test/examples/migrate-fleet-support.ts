import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Redis } from 'ioredis';
import type { JournalRecord } from '../../examples/board-copy/src/journal-record.js';
import { boardKeys } from '../../examples/migrate-fleet/src/redis-journal-store.js';
import { exitOf, spawnFleetCommand } from '../../examples/migrate-fleet/src/fleet-process.js';
import type { SimulatorLogEntry } from '../../src/simulator/index.js';

/** A temporary tokens file of `user -> token`; removed by the returned function. */
export function writeTokensFile(tokens: Record<string, string>): { file: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-fleet-test-'));
  const file = path.join(dir, 'tokens.json');
  fs.writeFileSync(file, JSON.stringify(tokens));
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A fleet command as a child process, with its output collected. */
export function runFleet(args: readonly string[]): { child: ChildProcess; output: () => string; done: Promise<{ code: number | null; output: string }> } {
  const child = spawnFleetCommand(args);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output, done: exitOf(child).then(({ code }) => ({ code, output })) };
}

/** Resolves once the process has printed something matching `pattern`; rejects after `timeoutMs` or if it exits first. */
export async function waitForOutput(run: ReturnType<typeof runFleet>, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.output())) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) throw new Error(`exited before printing ${pattern}: ${run.output()}`);
    if (Date.now() > deadline) throw new Error(`did not print ${pattern} within ${timeoutMs} ms: ${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Kinds of the last `count` records of a board's journal in Redis, oldest first. */
export async function journalTail(redis: Redis, prefix: string, source: string, count: number): Promise<string[]> {
  return (await redis.lrange(boardKeys(prefix, source).journal, -count, -1)).map((line) => (JSON.parse(line) as JournalRecord).kind);
}

/** Records in a board's journal in Redis. */
export function journalLength(redis: Redis, prefix: string, source: string): Promise<number> {
  return redis.llen(boardKeys(prefix, source).journal);
}

/** Credits the simulator charged each user in each of its windows, from its own request log. */
export function creditsByUserWindow(log: readonly SimulatorLogEntry[], windowMs: number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const entry of log) {
    if (!entry.userId || entry.credits === 0) continue;
    const key = `${entry.userId}@${entry.time - (entry.time % windowMs)}`;
    sums.set(key, (sums.get(key) ?? 0) + entry.credits);
  }
  return sums;
}
