import { type Job, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import { lastValueFrom } from 'rxjs';
import { MiroApiError, MiroPaginationError, type MiroApi } from '../../../src/index.js';
import { copyBoard } from '../../board-copy/src/copy-board.js';
import { explainFailure, MigrationError } from '../../board-copy/src/explain-failure.js';
import type { RunStats } from '../../board-copy/src/run-stats.js';
import type { BoardJobData, BoardJobProgress, BoardJobResult } from './board-job.js';
import type { OwnerClients } from './owner-clients.js';
import { RedisJournalStore } from './redis-journal-store.js';
import { targetBoardOf } from './target-board.js';

/** What copying one board needs from its worker. */
export interface CopyJobContext {
  clients: OwnerClients;
  redis: Redis;
  /** Prefix of the fleet's own keys (journals, targets, credits). */
  prefix: string;
  readAhead?: number;
  /** How often the job reports progress. Default 1,000 ms. */
  progressMs?: number;
}

/** Statuses after which retrying the same call cannot help: the board, token or access is wrong. */
const PERMANENT_STATUSES = [400, 401, 403, 404, 409, 410, 413, 422];

/**
 * Copies the job's board: finds or creates its target (once across workers), then runs the
 * board-copy engine with the board's Redis journal, owned by this job's lock token. A failure
 * that will not heal fails the job at once with its reason (BullMQ's `UnrecoverableError`);
 * anything else is thrown as it is, for BullMQ to retry with backoff from the same journal.
 */
export async function copyBoardJob(context: CopyJobContext, job: Job<BoardJobData, BoardJobResult>, lockToken: string | undefined): Promise<BoardJobResult> {
  const { source, owner } = job.data;
  let api: MiroApi;
  try {
    api = context.clients.clientOf(owner);
  } catch (error) {
    throw new UnrecoverableError((error as Error).message);
  }
  let stats: RunStats | undefined;
  const report = () => {
    if (!stats) return;
    const progress: BoardJobProgress = {
      owner,
      phase: stats.phase,
      pass: stats.pass,
      settled: stats.itemsSettled,
      ...(stats.sourceTotal !== undefined ? { total: stats.sourceTotal } : {}),
    };
    job.updateProgress(progress as unknown as object).catch(() => undefined);
  };
  const timer = setInterval(report, context.progressMs ?? 1_000);
  try {
    const board = await lastValueFrom(api.getSpecificBoard(source));
    const target = await targetBoardOf(api, context.redis, context.prefix, { id: source, name: board.name, owner });
    stats = await copyBoard({
      api,
      from: source,
      to: target,
      journal: new RedisJournalStore(context.redis, context.prefix, source, lockToken ?? `job-${job.id}`),
      readAhead: context.readAhead ?? 2,
      onStart: (started) => (stats = started),
    });
    report();
    if (stats.failures.size > 0) {
      const reasons = [...stats.failures.values()].slice(0, 3).join('; ');
      const message = `${stats.failures.size} thing(s) not copied: ${reasons}`;
      // A refusal stays a refusal; a transient failure left over after the engine's passes gets another attempt.
      throw stats.retryable ? new Error(message) : new UnrecoverableError(message);
    }
    const { read, created, adopted, done, unsupported } = stats.items;
    return {
      source,
      target,
      owner,
      items: { read, created, adopted, done, unsupported },
      tagLinks: stats.attachments.created + stats.attachments.adopted + stats.attachments.done,
      connectors: stats.connectors.created + stats.connectors.adopted + stats.connectors.done,
      passes: stats.pass,
    };
  } catch (error) {
    throw classifyFailure(error, source);
  } finally {
    clearInterval(timer);
  }
}

/** The error BullMQ sees: `UnrecoverableError` for what no retry heals, the error itself otherwise. */
export function classifyFailure(error: unknown, source: string): Error {
  if (error instanceof UnrecoverableError) return error;
  // A MigrationError without a cause is a mistake in the request (same board twice, a foreign journal).
  const wrapped = error instanceof MigrationError ? error.cause : error;
  const cause = wrapped instanceof MiroPaginationError ? wrapped.cause : wrapped;
  const message = error instanceof MigrationError ? error.message : explainFailure(error, { id: source, role: 'source' });
  if (error instanceof MigrationError && wrapped === undefined) return new UnrecoverableError(message);
  if (cause instanceof MiroApiError && PERMANENT_STATUSES.includes(cause.status)) return new UnrecoverableError(message);
  return error instanceof Error ? error : new Error(message);
}
