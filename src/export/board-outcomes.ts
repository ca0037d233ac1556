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
    const body = await calls.paced(enterpriseBoardExportJobResults(calls.client, calls.orgId, jobId, { signal: calls.signal }));
    // A malformed answer yields no outcome; the boards it left out are reported as unknown failures.
    const results = (Array.isArray(body?.results) ? body.results : []).filter((result) => typeof result?.boardId === 'string' && result.boardId !== '');
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
    for (const task of Array.isArray(page?.data) ? page.data : [])
      if (typeof task?.board?.key === 'string' && typeof task.id === 'string') byBoard.set(task.board.key, task);
    // A cursor seen before would loop forever: stop there.
    cursor = typeof page?.cursor === 'string' && page.cursor !== '' && !seen.has(page.cursor) ? page.cursor : undefined;
    if (cursor) seen.add(cursor);
  } while (cursor);
  return byBoard;
}

/**
 * Exactly one outcome per board of the job: a board answered twice counts once, a board the job
 * does not hold is dropped, and a board missing from the results is reported as an unknown
 * failure (retried like a temporary one), or as cancelled when the job was.
 */
export function oneOutcomePerBoard(
  jobId: string,
  cancelled: boolean,
  boardIds: readonly string[] | undefined,
  outcomes: readonly ExportBoardEvent[],
): ExportBoardEvent[] {
  const expected = boardIds ? new Set(boardIds) : undefined;
  const byBoard = new Map<string, ExportBoardEvent>();
  for (const outcome of outcomes) {
    if (!byBoard.has(outcome.boardId) && (!expected || expected.has(outcome.boardId))) byBoard.set(outcome.boardId, outcome);
  }
  for (const boardId of boardIds ?? []) {
    if (byBoard.has(boardId)) continue;
    byBoard.set(
      boardId,
      cancelled
        ? { type: 'board', jobId, boardId, status: 'CANCELLED' }
        : { type: 'board', jobId, boardId, status: 'ERROR', error: { type: 'UNKNOWN', message: "missing from the job's results" } },
    );
  }
  return [...byBoard.values()];
}
