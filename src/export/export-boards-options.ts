/** Options of `exportBoards`. */
export interface ExportBoardsOptions {
  /** File format of every board. Default `SVG`. */
  boardFormat?: 'SVG' | 'HTML' | 'PDF';
  /**
   * Share of the credit budget the export may spend per window, from 0 (exclusive) to 1.
   * Every call of the export counts (Level 4, 2,000 credits each). Default 0.1.
   */
  maxBudgetShare?: number;
  /** Window the share is measured over, in milliseconds. Default Miro's 60,000. */
  windowMs?: number;
  /** First wait before polling a job, in milliseconds; it grows by half each poll. Default 5,000. */
  pollIntervalMs?: number;
  /** Longest wait between two polls, in milliseconds. Default 60,000. */
  maxPollIntervalMs?: number;
  /**
   * Fail with `MiroExportTimeoutError` when the export has not ended by then, in milliseconds.
   * Default 24 hours: a job Miro never finishes does not keep the export waiting forever.
   */
  maxWaitMs?: number;
  /**
   * Jobs created earlier (by a run that was killed, say) to follow instead of creating them
   * again. Their boards are not passed again in `boardIds`.
   */
  resume?: { jobIds: readonly string[] };
  /** When the subscription ends before the export does, also cancel the jobs still running. Default false. */
  cancelOnUnsubscribe?: boolean;
  /** New jobs for boards whose task failed `TEMPORARY` (or `UNKNOWN`), per board. Default 2. */
  temporaryRetries?: number;
}

/** Miro's limit of boards per export job. */
export const MAX_BOARDS_PER_EXPORT_JOB = 1000;
export const DEFAULT_EXPORT_BUDGET_SHARE = 0.1;
export const DEFAULT_EXPORT_POLL_INTERVAL_MS = 5_000;
export const DEFAULT_EXPORT_MAX_POLL_INTERVAL_MS = 60_000;
export const DEFAULT_EXPORT_MAX_WAIT_MS = 24 * 3_600_000;

/** Options with their defaults, checked. */
export type ExportSettings = Required<Omit<ExportBoardsOptions, 'resume'>> & { resumeJobIds: readonly string[] };

export function exportSettings(boardIds: readonly string[], options: ExportBoardsOptions): ExportSettings {
  const positive = (name: keyof ExportBoardsOptions, value: number, max = Number.POSITIVE_INFINITY) => {
    if (typeof value !== 'number' || !(value > 0) || value > max || !Number.isFinite(value)) {
      throw new TypeError(`exportBoards: ${name} must be a number above 0${max < Number.POSITIVE_INFINITY ? ` and at most ${max}` : ''}, got ${String(value)}`);
    }
    return value;
  };
  if (!Array.isArray(boardIds) || boardIds.some((id) => typeof id !== 'string' || id === '')) {
    throw new TypeError('exportBoards: boardIds must be an array of non-empty board ids');
  }
  const resumeJobIds = options.resume?.jobIds ?? [];
  if (!Array.isArray(resumeJobIds) || resumeJobIds.some((id) => typeof id !== 'string' || id === '')) {
    throw new TypeError('exportBoards: resume.jobIds must be an array of non-empty job ids');
  }
  const format = options.boardFormat ?? 'SVG';
  if (!['SVG', 'HTML', 'PDF'].includes(format)) throw new TypeError(`exportBoards: boardFormat must be SVG, HTML or PDF, got ${String(format)}`);
  const retries = options.temporaryRetries ?? 2;
  if (!Number.isInteger(retries) || retries < 0)
    throw new TypeError(`exportBoards: temporaryRetries must be a whole number of 0 or more, got ${String(retries)}`);
  const settings: ExportSettings = {
    boardFormat: format,
    maxBudgetShare: positive('maxBudgetShare', options.maxBudgetShare ?? DEFAULT_EXPORT_BUDGET_SHARE, 1),
    windowMs: positive('windowMs', options.windowMs ?? 60_000),
    pollIntervalMs: positive('pollIntervalMs', options.pollIntervalMs ?? DEFAULT_EXPORT_POLL_INTERVAL_MS),
    maxPollIntervalMs: positive('maxPollIntervalMs', options.maxPollIntervalMs ?? DEFAULT_EXPORT_MAX_POLL_INTERVAL_MS),
    maxWaitMs: positive('maxWaitMs', options.maxWaitMs ?? DEFAULT_EXPORT_MAX_WAIT_MS, 2 ** 31 - 1),
    cancelOnUnsubscribe: options.cancelOnUnsubscribe ?? false,
    temporaryRetries: retries,
    resumeJobIds,
  };
  if (settings.maxPollIntervalMs < settings.pollIntervalMs) throw new TypeError('exportBoards: maxPollIntervalMs must not be less than pollIntervalMs');
  return settings;
}
