import type { OperationHandlers, RouteRequest } from '../simulator-context.js';
import type { ExportJobRecord } from '../export-jobs.js';
import { pageLimit } from '../paging.js';
import { invalidParameters, notFound, SimulatorHttpError } from '../miro-errors.js';
import { artifactLink } from '../export-artifacts.js';

/** Board export jobs of an organisation (Enterprise): create, list, status, results, tasks, links, cancel. */
export const exportRoutes: OperationHandlers = {
  'enterprise-create-board-export': {
    handle(request) {
      const { boardIds, boardFormat } = request.body as { boardIds?: string[]; boardFormat?: string };
      if (!boardIds) throw invalidParameters('boardIds is required', 'boardIds');
      const requestId = request.query.get('request_id') ?? '';
      const job = request.sim.exports.create(request.params.org_id!, request.userId!, requestId, boardIds, boardFormat ?? 'SVG');
      return { status: 200, body: { jobId: job.id } };
    },
  },
  'enterprise-board-export-jobs': {
    handle(request) {
      const exports = request.sim.exports;
      exports.orgOrThrow(request.params.org_id!);
      const wanted = new Set(request.query.getAll('status').map((status) => status.replace(/^JOB_STATUS_/, '')));
      // Newest first: a client following the jobs it just created finds them on the first page.
      const jobs = exports
        .jobs(request.params.org_id)
        .reverse()
        .filter((job) => wanted.size === 0 || wanted.has(exports.status(job)));
      return {
        status: 200,
        body: page(
          request,
          jobs,
          (job) => job.id,
          (job) => presentJob(request, job),
        ),
      };
    },
  },
  'enterprise-board-export-job-status': {
    handle: (request) => ({ status: 200, body: { jobStatus: request.sim.exports.status(jobOf(request)) } }),
  },
  'enterprise-board-export-job-results': {
    handle(request) {
      const job = jobOf(request);
      const done = request.sim.exports.done(job);
      const ended = request.sim.exports.status(job) === 'CANCELLED' ? job.tasks.length : done;
      const results = job.tasks.slice(0, ended).map((task, index) => {
        const status = request.sim.exports.taskStatus(job, index);
        const result: Record<string, unknown> = { boardId: task.boardId, status };
        if (task.failure && status === 'ERROR') Object.assign(result, { errorType: task.failure.type, errorMessage: task.failure.message });
        const link = status === 'SUCCESS' ? artifactLink(request.sim, job, index) : undefined;
        if (link) result.exportLink = link.url;
        return result;
      });
      return { status: 200, body: { jobId: job.id, results } };
    },
  },
  'enterprise-board-export-job-tasks': {
    handle(request) {
      const job = jobOf(request);
      const exports = request.sim.exports;
      const wanted = new Set(request.query.getAll('status').map((status) => status.replace(/^TASK_STATUS_/, '')));
      const indexes = job.tasks.map((_, index) => index).filter((index) => wanted.size === 0 || wanted.has(exports.taskStatus(job, index)));
      return {
        status: 200,
        body: page(
          request,
          indexes,
          (index) => job.tasks[index]!.id,
          (index) => {
            const task = job.tasks[index]!;
            const status = exports.taskStatus(job, index);
            const presented: Record<string, unknown> = { id: task.id, status, board: { key: task.boardId } };
            if (status === 'SUCCESS') {
              presented.artifactExpiredAt = new Date(exports.artifactExpiresAt(job, index)).toISOString();
              presented.sizeInBytes = artifactLink(request.sim, job, index)?.size ?? 0;
            }
            if (status === 'ERROR' && task.failure) Object.assign(presented, { errorType: task.failure.type, errorMessage: task.failure.message });
            return presented;
          },
        ),
      };
    },
  },
  'enterprise-create-board-export-task-export-link': {
    handle(request) {
      const job = jobOf(request);
      const index = job.tasks.findIndex((task) => task.id === request.params.task_id);
      if (index < 0) throw notFound('Board export task', request.params.task_id!);
      const status = request.sim.exports.taskStatus(job, index);
      if (status === 'CREATED' || status === 'SCHEDULED') throw new SimulatorHttpError(425, 'tooEarly', `task ${request.params.task_id} has not finished yet`);
      const failure = job.tasks[index]!.failure;
      if (status === 'ERROR' && failure) return { status: 200, body: { status, errorType: failure.type, errorMessage: failure.message } };
      if (status !== 'SUCCESS') return { status: 200, body: { status } };
      const link = artifactLink(request.sim, job, index);
      const artifactExpiredAt = new Date(request.sim.exports.artifactExpiresAt(job, index)).toISOString();
      if (!link) return { status: 200, body: { status: 'ERROR', errorType: 'FATAL', errorMessage: 'the artifact has expired', artifactExpiredAt } };
      return { status: 200, body: { status, exportLink: link.url, artifactExpiredAt, linkExpiredAt: new Date(link.expiresAt).toISOString() } };
    },
  },
  'enterprise-update-board-export-job': {
    handle(request) {
      const job = jobOf(request);
      const { status } = (request.body ?? {}) as { status?: string };
      if (status !== 'CANCELLED') throw invalidParameters('only the CANCELLED status can be set', 'status');
      request.sim.exports.cancel(job);
      return { status: 200, body: { status: 'CANCELLED' } };
    },
  },
};

function jobOf(request: RouteRequest): ExportJobRecord {
  return request.sim.exports.jobOrThrow(request.params.org_id!, request.params.job_id!);
}

function presentJob(request: RouteRequest, job: ExportJobRecord): Record<string, unknown> {
  const exports = request.sim.exports;
  const done = exports.done(job);
  const failed = job.tasks.slice(0, done).filter((task) => task.failure).length;
  return {
    id: job.id,
    boardFormat: job.boardFormat,
    status: exports.status(job),
    createdAt: new Date(job.createdAt).toISOString(),
    modifiedAt: new Date(Math.max(job.createdAt, job.cancelledAt ?? job.createdAt)).toISOString(),
    tasksCount: { total: job.tasks.length, success: done - failed, error: failed },
    creator: { id: job.creatorId },
  };
}

/** Miro's `{ data, total, cursor? }` list, the cursor naming the first entry of the next page. */
function page<T>(request: RouteRequest, entries: readonly T[], idOf: (entry: T) => string, present: (entry: T) => unknown) {
  const limit = pageLimit(request.query, request.operation.pageSize, 50);
  const cursor = request.query.get('cursor');
  const start = cursor ? entries.findIndex((entry) => idOf(entry) === cursor) : 0;
  if (start < 0) throw invalidParameters(`cursor ${JSON.stringify(cursor)} is not a cursor this API issued`, 'cursor');
  const slice = entries.slice(start, start + limit);
  const next = entries[start + limit];
  return { data: slice.map(present), total: entries.length, ...(next === undefined ? {} : { cursor: idOf(next) }) };
}
