import type { ExportJobStatus } from '../generated/types.js';

/**
 * A job was created. Store `jobId` (with its `boardIds`) to follow it after a crash with
 * `resume: { jobIds }`.
 */
export interface ExportJobCreatedEvent {
  readonly type: 'job-created';
  readonly jobId: string;
  /** The idempotency key the job was created with; every retry of the create reused it. */
  readonly requestId: string;
  readonly boardIds: readonly string[];
  /** Set when this job retries the temporary failures of an earlier job. */
  readonly retryOf?: string;
}

/** A job's status or progress changed. */
export interface ExportStatusEvent {
  readonly type: 'status';
  readonly jobId: string;
  /** `CANCELLED` and `FINISHED` end a job. */
  readonly status: ExportJobStatus;
  /** Tasks (one per board) ended, of all tasks; absent when Miro did not say. */
  readonly progress?: { readonly done: number; readonly total: number };
}

/**
 * The outcome of one board, emitted once per board: its export link, or why it failed. A board
 * whose task failed temporarily is retried in a new job first and emitted only when that ends.
 */
export interface ExportBoardEvent {
  readonly type: 'board';
  readonly jobId: string;
  readonly boardId: string;
  /** The task that exported it, for a fresh link (`enterpriseCreateBoardExportTaskExportLink`). */
  readonly taskId?: string;
  /** `SUCCESS`, `ERROR` or `CANCELLED`. */
  readonly status: string;
  /** Where to download the file; an external URL that expires. */
  readonly exportLink?: string;
  /** Until when fresh links can be asked for the file (ISO 8601). */
  readonly artifactExpiredAt?: string;
  /** Why the task failed: Miro's error type (`TEMPORARY`, `FATAL`, `UNKNOWN`) and message. */
  readonly error?: { readonly type: string; readonly message?: string };
  /** True when the failure was temporary and the retries ran out: a later export may succeed. */
  readonly temporary?: boolean;
}

/** What `exportBoards` emits, told apart by `type`. */
export type BoardExportEvent = ExportJobCreatedEvent | ExportStatusEvent | ExportBoardEvent;
