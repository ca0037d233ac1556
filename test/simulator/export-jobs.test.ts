import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { MiroApi, MiroApiError, MiroNetworkError } from '../../src/index.js';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';

let sim: MiroSimulator | undefined;
let clock = 1_000_000;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(exports = { startDelayMs: 1_000, taskMs: 100, linkTtlMs: 5_000, artifactTtlMs: 60_000 }) {
  clock = 1_000_000;
  sim = await startMiroSimulator({ tokens: ['t'], now: () => clock, exports });
  const org = sim.state.createOrganization({ boards: 3 });
  const api = new MiroApi('t', { baseUrl: sim.url, rateLimit: false, retry: false });
  return { sim, org, api };
}
const REQUEST = '0b7e5b8c-3c36-4c39-9f1b-0d1a6b0a2f11';

describe('simulated board export jobs', () => {
  it('runs a job through CREATED, IN_PROGRESS and FINISHED as the clock moves, charging Level 4', async () => {
    const { sim, org, api } = await start();
    const { jobId } = await firstValueFrom(api.enterpriseCreateBoardExport(org.id, { boardIds: org.boardIds, boardFormat: 'HTML' }, { requestId: REQUEST }));
    expect(await firstValueFrom(api.enterpriseBoardExportJobStatus(org.id, jobId))).toEqual({ jobStatus: 'CREATED' });
    clock += 1_150;
    expect(await firstValueFrom(api.enterpriseBoardExportJobStatus(org.id, jobId))).toEqual({ jobStatus: 'IN_PROGRESS' });
    const list = await firstValueFrom(api.enterpriseBoardExportJobs(org.id));
    expect(list.data![0]).toMatchObject({ id: jobId, status: 'IN_PROGRESS', boardFormat: 'HTML', tasksCount: { total: 3, success: 1, error: 0 } });
    clock += 1_000;
    expect(await firstValueFrom(api.enterpriseBoardExportJobStatus(org.id, jobId))).toEqual({ jobStatus: 'FINISHED' });
    const { results } = await firstValueFrom(api.enterpriseBoardExportJobResults(org.id, jobId));
    expect(results!.map((result) => result.boardId)).toEqual(org.boardIds);
    expect(sim.requestLog.every((entry) => entry.credits === 2000)).toBe(true);

    const download = await fetch(results![0]!.exportLink!);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/text\/html/);
    expect(await download.text()).toContain(org.boardIds[0]);
  });

  it('returns the same job for the same request_id', async () => {
    const { sim, org, api } = await start();
    const first = await firstValueFrom(api.enterpriseCreateBoardExport(org.id, { boardIds: org.boardIds }, { requestId: REQUEST }));
    const again = await firstValueFrom(api.enterpriseCreateBoardExport(org.id, { boardIds: org.boardIds }, { requestId: REQUEST }));
    expect(again.jobId).toBe(first.jobId);
    expect(sim.state.exportJobs()).toHaveLength(1);
    const bad = await firstValueFrom(api.enterpriseCreateBoardExport(org.id, { boardIds: org.boardIds }, { requestId: 'not-a-uuid' })).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400 });
  });

  it('re-sends a create marked repeatable after its answer was lost, and never one that is not', async () => {
    const { sim, org } = await start();
    sim.setFaults({ resetAfterActingRate: 1, operations: ['enterprise-create-board-export'] });
    const api = new MiroApi('t', { baseUrl: sim.url, rateLimit: false, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 } });
    const body = { boardIds: org.boardIds };
    const plain = await firstValueFrom(api.enterpriseCreateBoardExport(org.id, body, { requestId: REQUEST })).catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(MiroNetworkError);
    expect(sim.requestLog).toHaveLength(1);
    const keyed = await firstValueFrom(api.enterpriseCreateBoardExport(org.id, body, { requestId: REQUEST }, { repeatable: true })).catch((e: unknown) => e);
    expect(keyed).toBeInstanceOf(MiroNetworkError);
    expect(sim.requestLog).toHaveLength(3); // sent twice: the retry re-sent it
    expect(sim.state.exportJobs()).toHaveLength(1);
  });

  it('lists tasks with artifact expiry, renews links, expires links and artifacts, and answers 425 before a task ends', async () => {
    const { org, api } = await start();
    const { jobId } = await firstValueFrom(api.enterpriseCreateBoardExport(org.id, { boardIds: org.boardIds }, { requestId: REQUEST }));
    const tasks = await firstValueFrom(api.enterpriseBoardExportJobTasks(org.id, jobId, { limit: 2 }));
    expect(tasks).toMatchObject({ total: 3, data: [{ status: 'CREATED' }, { status: 'CREATED' }] });
    const early = await firstValueFrom(api.enterpriseCreateBoardExportTaskExportLink(org.id, jobId, tasks.data![0]!.id)).catch((e: unknown) => e);
    expect(early).toMatchObject({ status: 425 });
    clock += 2_000;
    const next = await firstValueFrom(api.enterpriseBoardExportJobTasks(org.id, jobId, { limit: 2, cursor: tasks.cursor! }));
    expect(next.data).toHaveLength(1);
    expect(next.cursor).toBeUndefined();
    const { results } = await firstValueFrom(api.enterpriseBoardExportJobResults(org.id, jobId));
    clock += 6_000;
    expect((await fetch(results![0]!.exportLink!)).status).toBe(403);
    const fresh = await firstValueFrom(api.enterpriseCreateBoardExportTaskExportLink(org.id, jobId, tasks.data![0]!.id));
    expect(fresh).toMatchObject({
      status: 'SUCCESS',
      exportLink: expect.any(String),
      artifactExpiredAt: expect.any(String),
      linkExpiredAt: expect.any(String),
    });
    expect((await fetch(fresh.exportLink!)).status).toBe(200);
    clock += 60_000;
    expect((await firstValueFrom(api.enterpriseCreateBoardExportTaskExportLink(org.id, jobId, tasks.data![0]!.id))).errorType).toBe('FATAL');
  });

  it('cancels a running job, keeps the tasks already done, and refuses to cancel a finished one', async () => {
    const { org, api } = await start();
    const { jobId } = await firstValueFrom(api.enterpriseCreateBoardExport(org.id, { boardIds: org.boardIds }, { requestId: REQUEST }));
    clock += 1_150;
    expect(await firstValueFrom(api.enterpriseUpdateBoardExportJob(org.id, jobId, { status: 'CANCELLED' }))).toEqual({ status: 'CANCELLED' });
    clock += 10_000;
    expect(await firstValueFrom(api.enterpriseBoardExportJobStatus(org.id, jobId))).toEqual({ jobStatus: 'CANCELLED' });
    const { results } = await firstValueFrom(api.enterpriseBoardExportJobResults(org.id, jobId));
    expect(results!.map((result) => result.status)).toEqual(['SUCCESS', 'CANCELLED', 'CANCELLED']);

    const other = await firstValueFrom(api.enterpriseCreateBoardExport(org.id, { boardIds: org.boardIds }, { requestId: crypto.randomUUID() }));
    clock += 10_000;
    const refused = await firstValueFrom(api.enterpriseUpdateBoardExportJob(org.id, other.jobId, { status: 'CANCELLED' })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MiroApiError);
  });

  it('fails boards on demand and boards outside the organisation for good', async () => {
    const { sim, org, api } = await start({ startDelayMs: 0, taskMs: 0, linkTtlMs: 1_000, artifactTtlMs: 1_000 });
    sim.state.failBoardExports([org.boardIds[0]!], 'TEMPORARY');
    const stranger = sim.state.createBoard().id;
    const { jobId } = await firstValueFrom(api.enterpriseCreateBoardExport(org.id, { boardIds: [...org.boardIds, stranger] }, { requestId: REQUEST }));
    const { results } = await firstValueFrom(api.enterpriseBoardExportJobResults(org.id, jobId));
    expect(results!.map((result) => [result.status, result.errorType])).toEqual([
      ['ERROR', 'TEMPORARY'],
      ['SUCCESS', undefined],
      ['SUCCESS', undefined],
      ['ERROR', 'FATAL'],
    ]);
    const unknownOrg = await firstValueFrom(api.enterpriseBoardExportJobStatus('404404', jobId)).catch((e: unknown) => e);
    expect(unknownOrg).toMatchObject({ status: 404 });
  });
});
