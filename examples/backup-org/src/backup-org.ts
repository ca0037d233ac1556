import { lastValueFrom, mergeMap, from, tap } from 'rxjs';
import type { BoardExportEvent, ExportBoardsOptions, MiroApi } from '../../../src/index.js';
import { BackupJournal, writeManifest } from './backup-journal.js';
import { downloadBoard } from './download-artifact.js';

export interface BackupOptions {
  api: MiroApi;
  orgId: string;
  boardIds: readonly string[];
  dir: string;
  format: 'SVG' | 'HTML' | 'PDF';
  /** Pacing and retries of the export (scaled in the demo and the tests). */
  exportOptions?: Omit<ExportBoardsOptions, 'boardFormat' | 'resume'>;
  /** Files downloaded at once. Default 4. */
  downloads?: number;
  onProgress?: (progress: BackupProgress) => void;
}

export interface BackupProgress {
  wanted: number;
  saved: number;
  failed: number;
  jobsCreated: number;
  jobsResumed: number;
}

export interface BackupSummary extends BackupProgress {
  manifest: string;
  /** Boards that could not be saved, with why. */
  failures: Array<{ boardId: string; reason: string; temporary: boolean }>;
}

/**
 * Backs boards up into `dir`: follows the jobs a killed run journaled, exports the boards no
 * job covers, downloads every file not yet saved, and writes the manifest.
 */
export async function backupOrg(options: BackupOptions): Promise<BackupSummary> {
  const { api, orgId, dir, format } = options;
  const journal = new BackupJournal(dir);
  try {
    const wanted = [...new Set(options.boardIds)];
    // Saved files stay and boards that failed for good stay failed; temporary failures and
    // boards never saved are exported again, by the journaled jobs still covering them or anew.
    const retried = new Set(wanted.filter((boardId) => journal.failed.get(boardId)?.temporary === true));
    const missing = new Set(wanted.filter((boardId) => !journal.saved.has(boardId) && journal.failed.get(boardId)?.temporary !== false));
    const resumed = [...journal.jobs].filter(([, boardIds]) => boardIds.some((boardId) => missing.has(boardId) && !retried.has(boardId)));
    const resumedIds = new Set(resumed.map(([jobId]) => jobId));
    const covered = new Set(resumed.flatMap(([, boardIds]) => boardIds.filter((boardId) => !retried.has(boardId))));
    const fresh = [...missing].filter((boardId) => !covered.has(boardId));
    const progress: BackupProgress = { wanted: wanted.length, saved: 0, failed: 0, jobsCreated: 0, jobsResumed: resumed.length };
    const report = () => {
      progress.saved = wanted.filter((boardId) => journal.saved.has(boardId)).length;
      progress.failed = wanted.filter((boardId) => journal.failed.has(boardId)).length;
      options.onProgress?.({ ...progress });
    };
    report();

    const onBoard = async (event: BoardExportEvent) => {
      if (event.type !== 'board' || journal.saved.has(event.boardId) || !missing.has(event.boardId)) return;
      // A resumed job repeats the old outcome of a board now exported again in a new job.
      if (retried.has(event.boardId) && resumedIds.has(event.jobId)) return;
      if (event.exportLink) {
        try {
          const saved = await downloadBoard(api, orgId, event, dir, format);
          journal.append({ kind: 'saved', boardId: event.boardId, jobId: event.jobId, ...saved });
        } catch (error) {
          journal.append({
            kind: 'failed',
            boardId: event.boardId,
            jobId: event.jobId,
            reason: `download failed: ${(error as Error).message}`,
            temporary: true,
          });
        }
      } else {
        const reason = event.error ? `${event.error.type}${event.error.message ? `: ${event.error.message}` : ''}` : event.status;
        journal.append({
          kind: 'failed',
          boardId: event.boardId,
          jobId: event.jobId,
          reason,
          temporary: event.temporary === true || event.status === 'CANCELLED',
        });
      }
      report();
    };
    const events$ = api.exportBoards(orgId, fresh, { ...options.exportOptions, boardFormat: format, resume: { jobIds: [...resumedIds] } });
    await lastValueFrom(
      events$.pipe(
        // Journaled before anything else happens, so a kill from here on resumes this job.
        tap((event) => {
          if (event.type !== 'job-created') return;
          journal.append({ kind: 'job', jobId: event.jobId, boardIds: event.boardIds });
          progress.jobsCreated += 1;
          report();
        }),
        mergeMap((event) => from(onBoard(event)), options.downloads ?? 4),
      ),
      { defaultValue: undefined },
    );
    const failures = wanted.flatMap((boardId) => {
      const failure = journal.failed.get(boardId);
      return failure ? [{ boardId, reason: failure.reason, temporary: failure.temporary }] : [];
    });
    return { ...progress, manifest: writeManifest(journal, orgId, format), failures };
  } finally {
    journal.close();
  }
}
