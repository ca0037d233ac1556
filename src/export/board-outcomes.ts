import { enterpriseBoardExportJobResults } from '../generated/operations/enterprise-board-export-job-results.js';
import { enterpriseBoardExportJobTasks } from '../generated/operations/enterprise-board-export-job-tasks.js';
import type { BoardExportTask } from '../generated/types.js';
import type { ExportBoardEvent } from './export-event.js';
import { EXPORT_PAGE_LIMIT, type ExportCalls, isWorthRetrying } from './export-calls.js';

/**
 * The outcome of every board of an ended job: its results (link or error), joined by board id
 * with its tasks (task id and artifact expiry). Tasks are read only when a board succeeded,
 * since only a file needs them. Undefined after a failure worth another try.
 */
export async function boardOutcomes(calls: ExportCalls, jobId: string): Promise<ExportBoardEvent[] | undefined> {
  try {
    const { results = [] } = await calls.paced(enterpriseBoardExportJobResults(calls.client, calls.orgId, jobId, { signal: calls.signal }));
    const tasks = results.some((result) => result.status === 'SUCCESS') ? await readTasks(calls, jobId) : new Map<string, BoardExportTask>();
    return results.map((result): ExportBoardEvent => {
      const task = tasks.get(result.boardId);
      return {
        type: 'board',
        jobId,
        boardId: result.boardId,
        status: result.status,
        ...(task ? { taskId: task.id } : {}),
        ...(result.exportLink ? { exportLink: result.exportLink } : {}),
        ...(task?.artifactExpiredAt ? { artifactExpiredAt: task.artifactExpiredAt } : {}),
        ...(result.errorType || result.status === 'ERROR'
          ? { error: { type: result.errorType ?? 'UNKNOWN', ...(result.errorMessage ? { message: result.errorMessage } : {}) } }
          : {}),
      };
    });
  } catch (error) {
    if (isWorthRetrying(error)) return undefined;
    throw error;
  }
}

async function readTasks(calls: ExportCalls, jobId: string): Promise<Map<string, BoardExportTask>> {
  const byBoard = new Map<string, BoardExportTask>();
  let cursor: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await calls.paced(
      enterpriseBoardExportJobTasks(calls.client, calls.orgId, jobId, { limit: EXPORT_PAGE_LIMIT, ...(cursor ? { cursor } : {}) }, { signal: calls.signal }),
    );
    for (const task of page.data ?? []) if (task.board?.key) byBoard.set(task.board.key, task);
    // A cursor seen before would loop forever: stop there.
    cursor = page.cursor && !seen.has(page.cursor) ? page.cursor : undefined;
    if (cursor) seen.add(cursor);
  } while (cursor);
  return byBoard;
}
