import type { BoardStore } from './board-store.js';
import type { SimulatorExportOptions } from './types.js';
import { invalidParameters, notFound, SimulatorHttpError } from './miro-errors.js';

export type ExportJobStatus = 'CREATED' | 'IN_PROGRESS' | 'CANCELLED' | 'FINISHED';
export type ExportTaskStatus = 'CREATED' | 'SCHEDULED' | 'SUCCESS' | 'ERROR' | 'CANCELLED';
export type ExportFailureType = 'TEMPORARY' | 'FATAL';

export interface ExportTaskRecord {
  id: string;
  boardId: string;
  failure?: { type: ExportFailureType; message: string };
}

export interface ExportJobRecord {
  id: string;
  orgId: string;
  requestId: string;
  creatorId: string;
  boardFormat: string;
  createdAt: number;
  cancelledAt?: number;
  tasks: ExportTaskRecord[];
}

/** Timing of export jobs; see `SimulatorExportOptions`. */
type ExportTiming = Required<SimulatorExportOptions>;

const DEFAULT_TIMING: ExportTiming = { startDelayMs: 2_000, taskMs: 200, linkTtlMs: 15 * 60_000, artifactTtlMs: 7 * 24 * 3_600_000, downloadMs: 0 };

/**
 * Organisations and their board export jobs. A job's progress is read from the clock, not
 * driven by timers: it starts `startDelayMs` after creation and finishes one task every
 * `taskMs`, so a test picks any speed and a paused clock pauses the job.
 */
export class ExportJobs {
  readonly timing: ExportTiming;
  readonly #orgs = new Map<string, Set<string>>();
  readonly #jobs = new Map<string, ExportJobRecord>();
  readonly #byRequest = new Map<string, ExportJobRecord>();
  /** Failures still to inject, per board, consumed as jobs are created. */
  readonly #failures = new Map<string, { type: ExportFailureType; times: number }>();
  #uuid = 0;

  constructor(
    private readonly store: BoardStore,
    private readonly now: () => number,
    seed: number,
    timing: SimulatorExportOptions = {},
  ) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
    for (const [key, value] of Object.entries(this.timing)) {
      if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`exports.${key} must be 0 or more, got ${value}`);
    }
    this.#uuid = ((seed >>> 0) % 1_000_000) * 1_000_000;
  }

  createOrganization(boards: number, creatorId: string): { id: string; boardIds: string[] } {
    const id = this.store.ids.next();
    const boardIds = Array.from({ length: boards }, (_, index) => this.store.createBoard({ name: `Board ${index + 1}` }, creatorId).board.id);
    this.#orgs.set(id, new Set(boardIds));
    return { id, boardIds };
  }

  /** The next `times` export tasks of each board fail with `type`. */
  failBoards(boardIds: readonly string[], type: ExportFailureType, times: number): void {
    for (const boardId of boardIds) this.#failures.set(boardId, { type, times });
  }

  jobs(orgId?: string): ExportJobRecord[] {
    return [...this.#jobs.values()].filter((job) => orgId === undefined || job.orgId === orgId);
  }

  orgOrThrow(orgId: string): Set<string> {
    const boards = this.#orgs.get(orgId);
    if (!boards) throw notFound('Organization', orgId);
    return boards;
  }

  /** Creates a job, or returns the one this user already created with `requestId`. */
  create(orgId: string, creatorId: string, requestId: string, boardIds: readonly string[], boardFormat: string): ExportJobRecord {
    const boards = this.orgOrThrow(orgId);
    if (!UUID.test(requestId)) throw invalidParameters(`request_id must be a UUID, got ${JSON.stringify(requestId)}`, 'request_id');
    const key = `${orgId} ${creatorId} ${requestId}`;
    const existing = this.#byRequest.get(key);
    if (existing) return existing;
    if (boardIds.length < 1 || boardIds.length > 1000) throw invalidParameters(`boardIds must hold 1 to 1000 boards, got ${boardIds.length}`, 'boardIds');
    const tasks = boardIds.map((boardId): ExportTaskRecord => {
      const task: ExportTaskRecord = { id: this.#nextUuid(), boardId };
      if (!boards.has(boardId) || !this.store.boards.has(boardId)) task.failure = { type: 'FATAL', message: 'board not found in this organization' };
      else task.failure = this.#takeFailure(boardId);
      return task;
    });
    const job: ExportJobRecord = { id: this.#nextUuid(), orgId, requestId, creatorId, boardFormat, createdAt: this.now(), tasks };
    this.#jobs.set(job.id, job);
    this.#byRequest.set(key, job);
    return job;
  }

  jobOrThrow(orgId: string, jobId: string): ExportJobRecord {
    this.orgOrThrow(orgId);
    const job = this.#jobs.get(jobId);
    if (!job || job.orgId !== orgId) throw notFound('Board export job', jobId);
    return job;
  }

  /** Tasks finished (successfully or not) by now, which are the first ones: tasks run in order. */
  done(job: ExportJobRecord): number {
    const start = job.createdAt + this.timing.startDelayMs;
    const until = Math.min(this.now(), job.cancelledAt ?? Number.POSITIVE_INFINITY);
    if (until < start) return 0;
    if (this.timing.taskMs === 0) return job.tasks.length;
    return Math.min(job.tasks.length, Math.floor((until - start) / this.timing.taskMs));
  }

  status(job: ExportJobRecord): ExportJobStatus {
    if (job.cancelledAt !== undefined) return 'CANCELLED';
    const done = this.done(job);
    if (done >= job.tasks.length) return 'FINISHED';
    return this.now() < job.createdAt + this.timing.startDelayMs ? 'CREATED' : 'IN_PROGRESS';
  }

  taskStatus(job: ExportJobRecord, index: number): ExportTaskStatus {
    if (index < this.done(job)) return job.tasks[index]!.failure ? 'ERROR' : 'SUCCESS';
    if (job.cancelledAt !== undefined) return 'CANCELLED';
    return this.status(job) === 'CREATED' ? 'CREATED' : 'SCHEDULED';
  }

  /** When a finished task's artifact stops being served (epoch ms). */
  artifactExpiresAt(job: ExportJobRecord, index: number): number {
    const finishedAt = job.createdAt + this.timing.startDelayMs + (index + 1) * this.timing.taskMs;
    return finishedAt + this.timing.artifactTtlMs;
  }

  cancel(job: ExportJobRecord): void {
    const status = this.status(job);
    if (status === 'FINISHED') throw new SimulatorHttpError(400, 'invalidStatus', `board export job ${job.id} has already finished`);
    job.cancelledAt ??= this.now();
  }

  #takeFailure(boardId: string): ExportTaskRecord['failure'] {
    const failure = this.#failures.get(boardId);
    if (!failure || failure.times <= 0) return undefined;
    failure.times -= 1;
    return { type: failure.type, message: failure.type === 'FATAL' ? 'the board cannot be exported' : 'export temporarily failed, try again later' };
  }

  #nextUuid(): string {
    this.#uuid += 1;
    const hex = this.#uuid.toString(16).padStart(12, '0');
    return `5e1f0000-0000-4000-8000-${hex}`;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
