import { Observable } from 'rxjs';
import type { MiroClient } from '../client/miro-client.js';
import { MiroExportTimeoutError } from '../errors/export-errors.js';
import { enterpriseUpdateBoardExportJob } from '../generated/operations/enterprise-update-board-export-job.js';
import type { BoardExportEvent } from './export-event.js';
import { type ExportBoardsOptions, exportSettings } from './export-boards-options.js';
import { ExportRun } from './export-run.js';

/**
 * Exports boards of an organisation (Enterprise, scope `boards:export`): creates one job per
 * 1,000 boards, polls each until it ends within a share of the credit budget, and emits typed
 * events: `job-created` (store its id to resume after a crash), `status` with progress, and one
 * `board` per board with its export link or its error. Boards that failed temporarily are
 * exported again in a new job, up to `temporaryRetries` times. Completes when every job has
 * ended. Cold: nothing is sent before subscription; unsubscribing stops polling (and, with
 * `cancelOnUnsubscribe`, cancels the jobs still running). See docs/export.md.
 *
 * @example
 * ```ts
 * exportBoards(client, orgId, boardIds, { boardFormat: 'PDF' }).subscribe((event) => {
 *   if (event.type === 'job-created') journal.add(event.jobId);
 *   if (event.type === 'board' && event.exportLink) download(event.boardId, event.exportLink);
 * });
 * ```
 */
export function exportBoards(client: MiroClient, orgId: string, boardIds: readonly string[], options: ExportBoardsOptions = {}): Observable<BoardExportEvent> {
  return new Observable<BoardExportEvent>((subscriber) => {
    const settings = exportSettings(boardIds, options);
    if (typeof orgId !== 'string' || orgId === '') throw new TypeError('exportBoards: orgId must be a non-empty string');
    const abort = new AbortController();
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const sleepers = new Set<() => void>();
    let ended = false;
    const stopped = () => ended || subscriber.closed;
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        if (ms <= 0 || stopped()) return resolve();
        const wake = () => {
          clearTimeout(timer);
          timers.delete(timer);
          sleepers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        timers.add(timer);
        sleepers.add(wake);
      });
    const run = new ExportRun(client, orgId, boardIds, settings, { emit: (event) => subscriber.next(event), stopped, sleep, signal: abort.signal });
    const finish = (error?: unknown) => {
      if (ended) return;
      ended = true;
      if (error === undefined) subscriber.complete();
      else subscriber.error(error);
    };
    timers.add(setTimeout(() => finish(new MiroExportTimeoutError(run.runningJobIds(), settings.maxWaitMs)), settings.maxWaitMs));
    run.run().then(
      () => finish(),
      (error: unknown) => finish(error),
    );
    return () => {
      const completed = ended && run.followed.size === 0;
      ended = true;
      abort.abort();
      for (const timer of timers) clearTimeout(timer);
      for (const wake of [...sleepers]) wake();
      if (settings.cancelOnUnsubscribe && !completed) cancelJobs(client, orgId, run.runningJobIds());
    };
  });
}

/** Asks Miro to cancel each job; nobody waits for the answers, and failures are dropped. */
function cancelJobs(client: MiroClient, orgId: string, jobIds: readonly string[]): void {
  for (const jobId of jobIds) {
    enterpriseUpdateBoardExportJob(client, orgId, jobId, { status: 'CANCELLED' }).subscribe({ error: () => undefined });
  }
}
