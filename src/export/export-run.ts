import type { MiroClient } from '../client/miro-client.js';
import type { ExportJobStatus } from '../generated/types.js';
import { enterpriseCreateBoardExport } from '../generated/operations/enterprise-create-board-export.js';
import type { BoardExportEvent } from './export-event.js';
import { type ExportSettings, MAX_BOARDS_PER_EXPORT_JOB } from './export-boards-options.js';
import { ExportPacing, nextPollInterval } from './export-pacing.js';
import { type ExportCalls, exportCalls, isWorthRetrying } from './export-calls.js';
import { boardOutcomes, oneOutcomePerBoard } from './board-outcomes.js';
import { newRequestId } from './request-id.js';

/** A job being followed. */
interface FollowedJob {
  readonly jobId: string;
  /** 0 for a first export; n for the n-th retry of temporary failures. */
  readonly round: number;
  /** Its boards, when this run created it (a resumed job's boards are learnt from its results). */
  readonly boardIds?: readonly string[];
  status?: ExportJobStatus;
  done?: number;
}

/** A job still to create; its request id is made once and reused by every retry. */
interface PlannedJob {
  readonly requestId: string;
  readonly boardIds: readonly string[];
  readonly round: number;
  readonly retryOf?: string;
}

/** What the subscription gives its run: where events go, whether it ended, its timers and its signal. */
export interface ExportRunHost {
  emit(event: BoardExportEvent): void;
  stopped(): boolean;
  /** Resolves after `ms`, or at once when the subscription ends. */
  sleep(ms: number): Promise<void>;
  /** Aborts the call in flight when the subscription ends. */
  signal: AbortSignal;
}

/**
 * One subscription of `exportBoards`: creates the jobs, polls them within the budget share,
 * reads their results and retries temporary failures. Sequential on purpose: one call at a
 * time keeps the pacing exact and the order of events simple.
 */
export class ExportRun {
  readonly followed = new Map<string, FollowedJob>();
  readonly #planned: PlannedJob[] = [];
  readonly #calls: ExportCalls;
  #pollMs: number;

  readonly #host: ExportRunHost;

  constructor(
    client: MiroClient,
    orgId: string,
    boardIds: readonly string[],
    private readonly settings: ExportSettings,
    host: ExportRunHost,
  ) {
    this.#host = host;
    const pacing = new ExportPacing(() => settings.maxBudgetShare * budgetOf(client), settings.windowMs);
    this.#calls = exportCalls(client, orgId, pacing, host.sleep, host.signal);
    for (const jobId of settings.resumeJobIds) this.followed.set(jobId, { jobId, round: 0 });
    this.#plan([...new Set(boardIds)], 0);
    this.#pollMs = settings.pollIntervalMs;
  }

  /** Jobs created or resumed that have not ended. */
  runningJobIds(): string[] {
    return [...this.followed.values()].filter((job) => job.status !== 'FINISHED' && job.status !== 'CANCELLED').map((job) => job.jobId);
  }

  async run(): Promise<void> {
    while (!this.#host.stopped()) {
      const planned = this.#planned[0];
      if (planned) {
        await this.#create(planned);
        continue;
      }
      if (this.followed.size === 0) return;
      await this.#host.sleep(this.#pollMs);
      if (this.#host.stopped()) return;
      await this.#poll();
    }
  }

  async #create(planned: PlannedJob): Promise<void> {
    const call$ = enterpriseCreateBoardExport(
      this.#calls.client,
      this.#calls.orgId,
      { boardIds: [...planned.boardIds], boardFormat: this.settings.boardFormat },
      { requestId: planned.requestId },
      // The request id makes a second create return the first job: safe to re-send.
      { signal: this.#calls.signal, repeatable: true },
    );
    const created = await this.#calls.paced(call$).catch((error: unknown) => {
      if (!isWorthRetrying(error)) throw error;
      return undefined;
    });
    if (!created) {
      // Tried again with the same request id, less and less often.
      this.#slowDown();
      return this.#host.sleep(this.#pollMs);
    }
    this.#planned.shift();
    this.followed.set(created.jobId, { jobId: created.jobId, round: planned.round, boardIds: planned.boardIds });
    this.#pollMs = this.settings.pollIntervalMs;
    this.#host.emit({
      type: 'job-created',
      jobId: created.jobId,
      requestId: planned.requestId,
      boardIds: planned.boardIds,
      ...(planned.retryOf ? { retryOf: planned.retryOf } : {}),
    });
  }

  async #poll(): Promise<void> {
    const seen = await this.#calls.listJobs();
    if (seen === 'later') return this.#slowDown();
    for (const job of this.followed.values()) {
      const listed = (seen === 'unlisted' ? undefined : seen.get(job.jobId)) ?? (await this.#calls.jobStatus(job.jobId));
      if (this.#host.stopped()) return;
      if (!listed || (listed.status === job.status && listed.done === job.done)) continue;
      job.status = listed.status;
      job.done = listed.done;
      this.#host.emit({ type: 'status', jobId: job.jobId, status: listed.status, ...(listed.progress ? { progress: listed.progress } : {}) });
    }
    for (const job of [...this.followed.values()]) {
      if (job.status === 'FINISHED' || job.status === 'CANCELLED') await this.#finish(job);
      if (this.#host.stopped()) return;
    }
    this.#slowDown();
  }

  /** A long job is asked less and less often; a new job starts the pace again. */
  #slowDown(): void {
    this.#pollMs = nextPollInterval(this.#pollMs, this.settings.maxPollIntervalMs);
  }

  async #finish(job: FollowedJob): Promise<void> {
    const outcomes = await boardOutcomes(this.#calls, job.jobId);
    if (!outcomes || this.#host.stopped()) return; // read again after the next poll
    this.followed.delete(job.jobId);
    const retry: string[] = [];
    for (const outcome of oneOutcomePerBoard(job.jobId, job.status === 'CANCELLED', job.boardIds, outcomes)) {
      const temporary = outcome.error !== undefined && (outcome.error.type === 'TEMPORARY' || outcome.error.type === 'UNKNOWN');
      if (temporary && job.round < this.settings.temporaryRetries) retry.push(outcome.boardId);
      else this.#host.emit(temporary ? { ...outcome, temporary: true } : outcome);
    }
    this.#plan(retry, job.round + 1, job.jobId);
  }

  #plan(boardIds: readonly string[], round: number, retryOf?: string): void {
    for (let start = 0; start < boardIds.length; start += MAX_BOARDS_PER_EXPORT_JOB) {
      const chunk = boardIds.slice(start, start + MAX_BOARDS_PER_EXPORT_JOB);
      this.#planned.push({ requestId: newRequestId(), boardIds: chunk, round, ...(retryOf ? { retryOf } : {}) });
    }
  }
}

/** Credits per window: the limiter's (it follows Miro's `X-RateLimit-Limit`), else Miro's 100,000. */
function budgetOf(client: MiroClient): number {
  let budget: number | undefined;
  client.rateLimitState$.subscribe((state) => (budget ??= state.budget)).unsubscribe();
  return budget !== undefined && budget > 0 ? budget : 100_000;
}
