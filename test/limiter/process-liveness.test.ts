import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';

const script = fileURLToPath(new URL('./support/queued-requests-script.ts', import.meta.url));
let sim: MiroSimulator;
let boardId: string;

beforeAll(async () => {
  sim = await startMiroSimulator({ tokens: ['liveness-token'], rateLimit: { budget: 500, windowMs: 1_000 } });
  boardId = sim.state.createBoard({ name: 'liveness' }).id;
});
afterAll(() => sim.close());

describe('a Node script whose requests all wait for credits', () => {
  it('stays alive until the next windows let them through, then exits on its own', async () => {
    // 25 reads x 50 credits = 1,250 credits: three 500-credit windows. Between windows nothing but
    // the limiter's timer is pending; an unref'd timer let such scripts exit mid-run, silently.
    // Spawned asynchronously: the simulator answering it runs in this process.
    const child = spawn(process.execPath, ['--import', 'tsx', script, sim.url, boardId, '25'], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.trim()).toBe('done 25');
    const reads = sim.requestLog.filter((entry) => entry.operationId === 'get-specific-board' && entry.status === 200);
    expect(reads).toHaveLength(25);
  }, 60_000);
});
