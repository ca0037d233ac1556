import { lastValueFrom, type Observable } from 'rxjs';
import type { MiroClient } from '../client/miro-client.js';
import { INVALID_RESPONSE_BODY, MiroApiError, MiroError, MiroNetworkError } from '../errors/miro-errors.js';
import type { ExportJobStatus } from '../generated/types.js';
import { enterpriseBoardExportJobs } from '../generated/operations/enterprise-board-export-jobs.js';
import { enterpriseBoardExportJobStatus } from '../generated/operations/enterprise-board-export-job-status.js';
import type { ExportPacing } from './export-pacing.js';

/** Every export call is Level 4. */
const EXPORT_CALL_CREDITS = 2000;
/** The longest page the list operations give. */
export const EXPORT_PAGE_LIMIT = 500;

/** What a poll learnt of one job. */
export interface JobState {
  status: ExportJobStatus;
  done?: number;
  progress?: { done: number; total: number };
}

/** The calls of one export, each waiting for its turn within the budget share. */
export interface ExportCalls {
  readonly client: MiroClient;
  readonly orgId: string;
  readonly signal: AbortSignal;
  /** Waits for the share to allow one more call, sends it, records its charge. */
  paced<T>(call$: Observable<T>): Promise<T>;
  /**
   * Every job on the list's first page, by id; `'later'` after a failure worth another try,
   * `'unlisted'` when this token cannot list jobs (then each job is asked on its own).
   */
  listJobs(): Promise<Map<string, JobState> | 'later' | 'unlisted'>;
  /** One job's status; undefined after a failure worth another try. */
  jobStatus(jobId: string): Promise<JobState | undefined>;
}

export function exportCalls(client: MiroClient, orgId: string, pacing: ExportPacing, sleep: (ms: number) => Promise<void>, signal: AbortSignal): ExportCalls {
  // One listing reports every job at once; when the token may not list, ask job by job.
  let listable = true;
  const calls: ExportCalls = {
    client,
    orgId,
    signal,
    async paced<T>(call$: Observable<T>): Promise<T> {
      await sleep(pacing.delayMs(Date.now(), EXPORT_CALL_CREDITS));
      try {
        const response = await lastValueFrom(call$);
        pacing.spent(Date.now(), EXPORT_CALL_CREDITS);
        return response;
      } catch (error) {
        // A failure names the attempts the client's retries made, each of them charged.
        const attempts = error instanceof MiroError && error.attempts && error.attempts > 1 ? error.attempts : 1;
        pacing.spent(Date.now(), EXPORT_CALL_CREDITS * attempts);
        throw error;
      }
    },
    async listJobs() {
      if (!listable) return 'unlisted';
      try {
        const page = await calls.paced(enterpriseBoardExportJobs(client, orgId, { limit: EXPORT_PAGE_LIMIT }, { signal }));
        const jobs = new Map<string, JobState>();
        for (const job of Array.isArray(page?.data) ? page.data : []) {
          const status = jobStatusOf(job?.status);
          if (typeof job?.id !== 'string' || !status) continue;
          const total = Number(job.tasksCount?.total);
          const done = Number(job.tasksCount?.success ?? 0) + Number(job.tasksCount?.error ?? 0);
          const known = Number.isFinite(total) && Number.isFinite(done) && total >= 0;
          jobs.set(job.id, known ? { status, done, progress: { done: Math.min(done, total), total } } : { status });
        }
        return jobs;
      } catch (error) {
        if (isWorthRetrying(error)) return 'later';
        listable = false;
        return 'unlisted';
      }
    },
    async jobStatus(jobId) {
      try {
        const status = jobStatusOf((await calls.paced(enterpriseBoardExportJobStatus(client, orgId, jobId, { signal })))?.jobStatus);
        return status ? { status } : undefined;
      } catch (error) {
        if (isWorthRetrying(error)) return undefined;
        throw error;
      }
    },
  };
  return calls;
}

/** Miro's status in either of the spellings its document uses (`FINISHED`, `JOB_STATUS_FINISHED`). */
function jobStatusOf(value: unknown): ExportJobStatus | undefined {
  const status = String(value)
    .toUpperCase()
    .replace(/^JOB_STATUS_/, '');
  return status === 'CREATED' || status === 'IN_PROGRESS' || status === 'CANCELLED' || status === 'FINISHED' ? status : undefined;
}

/** Failures a later call may not meet: the network, 5xx, 408, 425, 429, a broken body. */
export function isWorthRetrying(error: unknown): boolean {
  if (error instanceof MiroNetworkError) return error.code !== 'ERR_CANCELED';
  if (!(error instanceof MiroApiError)) return false;
  return error.status >= 500 || [408, 425, 429].includes(error.status) || error.code === INVALID_RESPONSE_BODY;
}
