import { afterEach, describe, expect, it } from 'vitest';
import { closeSharedCreditLimiters, MiroApi, MiroApiError } from '../../src/index.js';
import { type RecordedRequest, type Reply, startRecordingServer } from '../support/recording-server.js';
import { boardEvents, collect, FAST } from './export-support.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await closeSharedCreditLimiters();
});

/** A server that answers the export operations with what `answer` says, by route. */
async function exportServer(answer: (route: string, request: RecordedRequest, jobs: number) => Reply | undefined) {
  let jobs = 0;
  const server = await startRecordingServer((request) => {
    const path = request.url.split('?')[0]!;
    const route = path.replace(/^\/v2\/orgs\/org-1\/boards\/export\/jobs/, '').replace(/\/[0-9a-f-]{36}/, '/{job}');
    if (request.method === 'POST' && route === '') jobs += 1;
    return answer(`${request.method} ${route}`, request, jobs) ?? { status: 404, body: { status: 404, code: 'notFound', message: 'no', type: 'error' } };
  });
  servers.push(server);
  return { server, api: new MiroApi('t', { baseUrl: server.url, retry: { minDelayMs: 1, maxDelayMs: 2 } }) };
}
const jobId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('exportBoards against odd answers', () => {
  it('reads the JOB_STATUS_ spelling, keeps one result per board, and retries boards the results left out', async () => {
    const { server, api } = await exportServer((route, request, jobs) => {
      if (route === 'POST ') return { body: { jobId: jobId(jobs) } };
      if (route === 'GET ') return { body: { data: [1, 2, 3].map((n) => ({ id: jobId(n), status: 'job_status_finished' })) } };
      if (route === 'GET /{job}/tasks') return { body: { data: 'not a list', cursor: 42 } };
      if (route !== 'GET /{job}/results') return undefined;
      const job = Number(request.url.match(/-(\d{12})\//)![1]);
      // The first job answers b1 twice, a stranger and garbage, and leaves b2 out; the retries leave b2 out again.
      if (job === 1)
        return {
          body: {
            results: [
              { boardId: 'b1', status: 'SUCCESS', exportLink: 'https://x/1' },
              { boardId: 'b1', status: 'ERROR' },
              { boardId: 'zz', status: 'SUCCESS' },
              null,
              { status: 'SUCCESS' },
            ],
          },
        };
      return { body: { results: 'nonsense' } };
    });
    const events = await collect(api.exportBoards('org-1', ['b1', 'b2'], { ...FAST, temporaryRetries: 2 }));

    const boards = boardEvents(events);
    expect(boards.map((event) => [event.boardId, event.status, event.exportLink, event.temporary])).toEqual([
      ['b1', 'SUCCESS', 'https://x/1', undefined],
      ['b2', 'ERROR', undefined, true],
    ]);
    expect(boards[1]!.error).toEqual({ type: 'UNKNOWN', message: "missing from the job's results" });
    const creates = server.requests.filter((request) => request.method === 'POST');
    expect(creates.map((request) => JSON.parse(request.body.toString()).boardIds)).toEqual([['b1', 'b2'], ['b2'], ['b2']]);
  });

  it('asks job by job when the list is refused, and ends with the error when a job is gone', async () => {
    const { server, api } = await exportServer((route) => {
      if (route === 'POST ') return { body: { jobId: jobId(1) } };
      if (route === 'GET ') return { status: 403, body: { status: 403, code: 'forbidden', message: 'no listing', type: 'error' } };
      return undefined; // the status call answers 404
    });
    const failure = await collect(api.exportBoards('org-1', ['b1'], FAST)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MiroApiError);
    expect((failure as MiroApiError).status).toBe(404);
    // Listed once; after the 403 only the job's own status was asked.
    expect(server.requests.filter((request) => request.method === 'GET' && request.url.startsWith('/v2/orgs/org-1/boards/export/jobs?'))).toHaveLength(1);
  });

  it('polls through 500s and broken bodies until the job answers', async () => {
    let polls = 0;
    const { api } = await exportServer((route) => {
      if (route === 'POST ') return { body: { jobId: jobId(1) } };
      if (route === 'GET ') {
        polls += 1;
        if (polls <= 2) return { status: 500, body: 'oops' };
        if (polls <= 4) return { body: '{"data": [' };
        return { body: { data: [{ id: jobId(1), status: 'FINISHED', tasksCount: { total: 1, success: 1, error: 0 } }] } };
      }
      if (route === 'GET /{job}/results') return { body: { results: [{ boardId: 'b1', status: 'SUCCESS', exportLink: 'https://x/1' }] } };
      if (route === 'GET /{job}/tasks') return { body: { data: [{ id: 'task-1', status: 'SUCCESS', board: { key: 'b1' } }] } };
      return undefined;
    });
    const events = await collect(api.exportBoards('org-1', ['b1'], { ...FAST, maxPollIntervalMs: 10 }));
    expect(events.find((event) => event.type === 'status')).toEqual({ type: 'status', jobId: jobId(1), status: 'FINISHED', progress: { done: 1, total: 1 } });
    expect(boardEvents(events)).toEqual([expect.objectContaining({ boardId: 'b1', taskId: 'task-1', exportLink: 'https://x/1' })]);
  });

  it('sends a create that keeps failing again on later rounds, always with the same request_id', async () => {
    let creates = 0;
    const { server, api } = await exportServer((route) => {
      if (route === 'POST ') {
        creates += 1;
        return creates <= 6 ? { status: 503, body: { status: 503, code: 'unavailable', message: 'busy', type: 'error' } } : { body: { jobId: jobId(1) } };
      }
      if (route === 'GET ') return { body: { data: [{ id: jobId(1), status: 'FINISHED' }] } };
      if (route === 'GET /{job}/results') return { body: { results: [{ boardId: 'b1', status: 'ERROR', errorType: 'FATAL' }] } };
      return undefined;
    });
    const events = await collect(api.exportBoards('org-1', ['b1'], FAST));
    const posts = server.requests.filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(7);
    expect(new Set(posts.map((request) => new URL(request.url, server.url).searchParams.get('request_id'))).size).toBe(1);
    expect(events.filter((event) => event.type === 'job-created')).toHaveLength(1);
    expect(boardEvents(events)).toEqual([expect.objectContaining({ boardId: 'b1', error: { type: 'FATAL' } })]);
  });
});
