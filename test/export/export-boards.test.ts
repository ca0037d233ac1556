import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeSharedCreditLimiters, MiroExportTimeoutError, type BoardExportEvent } from '../../src/index.js';
import { exportBoards } from '../../src/operations.js';
import { creditsPerWindow } from '../limiter/budget-windows.js';
import { boardEvents, collect, exportSetup, FAST, logOf } from './export-support.js';

const sims: { close(): Promise<void> }[] = [];
async function setup(...args: Parameters<typeof exportSetup>) {
  const made = await exportSetup(...args);
  sims.push(made.sim);
  return made;
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.close()));
  await closeSharedCreditLimiters();
});

describe('exportBoards', () => {
  it('exports 2,500 boards as three jobs and emits one result per board', async () => {
    const { sim, org, api } = await setup(2_500);
    const events = await collect(api.exportBoards(org.id, org.boardIds, FAST));

    const created = events.filter((event) => event.type === 'job-created');
    expect(created.map((event) => event.boardIds.length)).toEqual([1000, 1000, 500]);
    expect(sim.state.exportJobs(org.id)).toHaveLength(3);
    const boards = boardEvents(events);
    expect(boards).toHaveLength(2_500);
    expect(new Set(boards.map((event) => event.boardId))).toEqual(new Set(org.boardIds));
    for (const board of boards) {
      expect(board.status).toBe('SUCCESS');
      expect(board.exportLink).toMatch(new RegExp(`^${sim.url}/export-artifacts/`));
      expect(Date.parse(board.artifactExpiredAt!)).toBeGreaterThan(Date.now());
      expect(board.taskId).toBeTruthy();
    }
    // Every job ended FINISHED before its results were read.
    const finished = events.filter((event) => event.type === 'status' && event.status === 'FINISHED');
    expect(finished).toHaveLength(3);
  });

  it('creates one job when the first answer to the create is lost after Miro acted', async () => {
    const { sim, org, api } = await setup(3);
    sim.setFaults({ resetAfterActingRate: 1, operations: ['enterprise-create-board-export'] });
    const events$ = api.exportBoards(org.id, org.boardIds, { ...FAST, pollIntervalMs: 600, maxPollIntervalMs: 600 });
    const done = collect(events$);
    await vi.waitFor(() => expect(logOf(sim, 'enterprise-create-board-export')).toHaveLength(1), { timeout: 2_000, interval: 1 });
    sim.setFaults(undefined);
    const events = await done;

    const creates = logOf(sim, 'enterprise-create-board-export');
    // Faults are cleared as soon as the first reset shows in the log; under load a retry may
    // come first and be reset too. Every attempt carried the same request_id.
    expect(creates[0]!.fault).toBe('reset-after-acting');
    expect(creates.at(-1)!.fault).toBeUndefined();
    expect(new Set(creates.map((entry) => entry.query)).size).toBe(1);
    expect(sim.state.exportJobs(org.id)).toHaveLength(1);
    expect(events.filter((event) => event.type === 'job-created')).toHaveLength(1);
    expect(boardEvents(events)).toHaveLength(3);
    // Re-sent by the client's retries at once, not by the export's next round 600 ms later.
    expect(creates[1]!.time - creates[0]!.time).toBeLessThan(500);
  });

  it('keeps its calls within its share of the budget the limiter reports, per window', async () => {
    // The server's budget is 40,000 per 500 ms window: a share of 0.1 is 4,000, two Level 4 calls.
    const windowMs = 500;
    const { sim, org, api } = await setup(
      4,
      { rateLimit: { budget: 40_000, windowMs }, exports: { startDelayMs: 100, taskMs: 300 } },
      { rateLimit: { windowMs } },
    );
    const events = await collect(api.exportBoards(org.id, org.boardIds, { pollIntervalMs: 10, maxPollIntervalMs: 10, windowMs, maxBudgetShare: 0.1 }));
    expect(boardEvents(events)).toHaveLength(4);

    const exportCalls = sim.requestLog.filter((entry) => entry.operationId?.includes('export'));
    expect(Math.max(...creditsPerWindow(exportCalls, windowMs).values())).toBeLessThanOrEqual(4_000);
    // The job ran ~1.3 s and a poll every 10 ms was asked for: only the share held it back.
    expect(exportCalls.length).toBeGreaterThanOrEqual(5);
  });

  it('cancels the running jobs on the server when unsubscribed with cancelOnUnsubscribe', async () => {
    const { sim, org, api } = await setup(10, { exports: { startDelayMs: 5, taskMs: 60_000 } });
    const created = new Promise<string>((resolve) => {
      const subscription = api.exportBoards(org.id, org.boardIds, { ...FAST, cancelOnUnsubscribe: true }).subscribe((event) => {
        if (event.type !== 'job-created') return;
        subscription.unsubscribe();
        resolve(event.jobId);
      });
    });
    const jobId = await created;
    await vi.waitFor(() => expect(sim.state.exportJobs(org.id).find((job) => job.id === jobId)?.status).toBe('CANCELLED'), { timeout: 2_000 });
    expect(logOf(sim, 'enterprise-update-board-export-job')).toHaveLength(1);
  });

  it('only stops polling when unsubscribed without cancelOnUnsubscribe', async () => {
    const { sim, org, api } = await setup(2, { exports: { startDelayMs: 5, taskMs: 60_000 } });
    const events: BoardExportEvent[] = [];
    const subscription = api.exportBoards(org.id, org.boardIds, FAST).subscribe((event) => events.push(event));
    await vi.waitFor(() => expect(events.some((event) => event.type === 'status')).toBe(true), { timeout: 2_000, interval: 5 });
    subscription.unsubscribe();
    // A call in flight at the unsubscribe may still reach the log; nothing comes after it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const calls = sim.requestLog.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sim.requestLog.length).toBe(calls);
    expect(sim.state.exportJobs(org.id)[0]!.status).toBe('IN_PROGRESS');
  });

  it('retries TEMPORARY task failures in a new job and reports FATAL ones once', async () => {
    const { sim, org, api } = await setup(5);
    const [flaky, broken, stubborn] = org.boardIds;
    sim.state.failBoardExports([flaky!], 'TEMPORARY');
    sim.state.failBoardExports([broken!], 'FATAL');
    sim.state.failBoardExports([stubborn!], 'TEMPORARY', 10);
    const events = await collect(api.exportBoards(org.id, org.boardIds, { ...FAST, temporaryRetries: 2 }));

    const created = events.filter((event) => event.type === 'job-created');
    expect(created.map((event) => event.boardIds)).toEqual([org.boardIds, [flaky, stubborn], [stubborn]]);
    expect(created[1]!.retryOf).toBe(created[0]!.jobId);
    const boards = boardEvents(events);
    expect(boards).toHaveLength(5);
    expect(boards.find((event) => event.boardId === flaky)).toMatchObject({ status: 'SUCCESS', jobId: created[1]!.jobId });
    expect(boards.filter((event) => event.boardId === broken)).toEqual([
      expect.objectContaining({ status: 'ERROR', error: expect.objectContaining({ type: 'FATAL' }), jobId: created[0]!.jobId }),
    ]);
    expect(boards.find((event) => event.boardId === broken)!.temporary).toBeUndefined();
    expect(boards.find((event) => event.boardId === stubborn)).toMatchObject({ status: 'ERROR', temporary: true, error: { type: 'TEMPORARY' } });
  });

  it('fails with a typed timeout naming the job once maxWaitMs has passed', async () => {
    const { sim, org, api } = await setup(2, { exports: { startDelayMs: 5, taskMs: 60_000 } });
    const failure = await collect(api.exportBoards(org.id, org.boardIds, { ...FAST, maxWaitMs: 1_500 })).catch((error: unknown) => error);
    const [job] = sim.state.exportJobs(org.id);
    expect(failure).toBeInstanceOf(MiroExportTimeoutError);
    expect((failure as MiroExportTimeoutError).jobIds).toEqual([job!.id]);
    expect((failure as Error).message).toContain(job!.id);
  });

  it('follows jobs created earlier with resume, creating none', async () => {
    const { sim, org, api } = await setup(30, { exports: { startDelayMs: 50, taskMs: 1 } });
    const first = await new Promise<string>((resolve) => {
      const subscription = api.exportBoards(org.id, org.boardIds, FAST).subscribe((event) => {
        if (event.type === 'job-created') {
          subscription.unsubscribe();
          resolve(event.jobId);
        }
      });
    });
    const events = await collect(exportBoards(api.client, org.id, [], { ...FAST, resume: { jobIds: [first] } }));
    expect(sim.state.exportJobs(org.id)).toHaveLength(1);
    expect(events.some((event) => event.type === 'job-created')).toBe(false);
    expect(new Set(boardEvents(events).map((event) => event.boardId))).toEqual(new Set(org.boardIds));
  });

  it('rejects nonsense options with a message naming the option, sending nothing', async () => {
    const { sim, org, api } = await setup(1);
    await expect(collect(api.exportBoards(org.id, org.boardIds, { maxBudgetShare: 2 }))).rejects.toThrow(/maxBudgetShare/);
    await expect(collect(api.exportBoards(org.id, org.boardIds, { boardFormat: 'PNG' as 'PDF' }))).rejects.toThrow(/boardFormat/);
    await expect(collect(api.exportBoards(org.id, [''], {}))).rejects.toThrow(/boardIds/);
    expect(sim.requestLog).toHaveLength(0);
  });
});
