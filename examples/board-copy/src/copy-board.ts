import { lastValueFrom, type Subscription } from 'rxjs';
import type { MiroApi, RateLimitState } from '../../../src/index.js';
import { copyConnectors$ } from './copy-connectors.js';
import { copyFrames, copyOtherItems$ } from './copy-items.js';
import { copyTags } from './copy-tags.js';
import { explainFailure, MigrationError } from './explain-failure.js';
import { Journal } from './journal.js';
import type { JournalStore } from './journal-store.js';
import type { CopyContext } from './copy-context.js';
import { RunStats } from './run-stats.js';
import { takeTargetInventory } from './target-inventory.js';

/** Options of {@link copyBoard}. */
export interface CopyBoardOptions {
  api: MiroApi;
  from: string;
  to: string;
  /** Where the copy's journal is kept: read on start, extended as Miro confirms each creation. */
  journal: JournalStore;
  /** Read everything, create nothing, leave the journal as it is; the summary says what would be made. */
  dryRun?: boolean;
  /** Pages fetched ahead of the writes, at most. Default 2. */
  readAhead?: number;
  /** Receives the counters as soon as the run starts (the progress bar reads them). */
  onStart?: (stats: RunStats) => void;
}

/**
 * Extra passes after a pass where some call failed transiently (network, 5xx, 429, an answer
 * that is not JSON): each one first reconciles what is uncertain against the target, then
 * retries what is still missing. Bounded, so an item that keeps failing ends as a failure.
 */
export const RECONCILING_PASSES = 4;

/**
 * Copies every item, tag and connector of board `from` to board `to`, resumably: see
 * docs/examples.md for what a rerun after a kill guarantees. Resolves with the run's counts;
 * rejects with a one-line `MigrationError` for what stops the whole run (token, board ids),
 * whose `cause` is the error behind it.
 */
export async function copyBoard(options: CopyBoardOptions): Promise<RunStats> {
  const { api, from, to } = options;
  if (from === to) throw new MigrationError('--from and --to name the same board: copying a board onto itself would double it');
  const stats = new RunStats();
  options.onStart?.(stats);
  const usage = trackUsage(api, stats);
  let journal: Journal | undefined;
  try {
    stats.phase = 'checking boards';
    await checkBoard(api, from, 'source');
    await checkBoard(api, to, 'target');
    // One small page tells how many items there are, for the progress bar's total and time left.
    stats.sourceTotal = (await lastValueFrom(api.getItems(from, { limit: 10 }))).total;
    // Opened only once both boards answered: a wrong id or token leaves no journal file behind.
    journal = await Journal.open(options.journal);
    if (journal.run && (journal.run.from !== from || journal.run.to !== to)) {
      throw new MigrationError(
        `journal ${journal.location} belongs to a copy from ${journal.run.from} to ${journal.run.to}: pass --journal <another file> for this one`,
      );
    }
    for (let pass = 0; pass <= RECONCILING_PASSES; pass++) {
      stats.pass = pass + 1;
      const retryable = await copyPass(options, journal, stats);
      if (!retryable || options.dryRun) break;
      stats.retryable = false;
    }
    return stats;
  } catch (error) {
    throw error instanceof MigrationError ? error : new MigrationError(explainFailure(error), { cause: error });
  } finally {
    await journal?.close();
    usage.unsubscribe();
    stats.phase = 'done';
  }
}

/** One pass over everything; true when some call failed in a way a reconciling pass may fix. */
async function copyPass(options: CopyBoardOptions, journal: Journal, stats: RunStats): Promise<boolean> {
  const { api, from, to } = options;
  stats.phase = 'reading target';
  const inventory = await takeTargetInventory(api, to, journal);
  if (!journal.run) {
    journal.append({
      kind: 'run',
      from,
      to,
      startedAt: new Date().toISOString(),
      preexisting: { items: inventory.itemIds, connectors: inventory.connectorIds },
    });
    await journal.flush();
  }
  stats.resetPass();
  const context: CopyContext = {
    api,
    from,
    to,
    journal,
    stats,
    dryRun: options.dryRun === true,
    readAhead: options.readAhead ?? 2,
    orphanItems: inventory.orphanItems,
    orphanConnectors: inventory.orphanConnectors,
  };
  await copyFrames(context);
  await lastValueFrom(copyOtherItems$(context), { defaultValue: undefined });
  await copyTags(context);
  await lastValueFrom(copyConnectors$(context), { defaultValue: undefined });
  await journal.flush();
  stats.unrecognisedOnTarget = inventory.orphanItems.size;
  return stats.retryable;
}

export async function checkBoard(api: MiroApi, boardId: string, role: 'source' | 'target'): Promise<void> {
  try {
    await lastValueFrom(api.getSpecificBoard(boardId));
  } catch (error) {
    throw new MigrationError(explainFailure(error, { id: boardId, role }), { cause: error });
  }
}

/** Keeps the run's request and credit counts from the limiter's state (which may predate the run). */
function trackUsage(api: MiroApi, stats: RunStats): Subscription {
  let base: RateLimitState | undefined;
  return api.rateLimitState$.subscribe((state) => {
    base ??= state;
    stats.requests = state.sent - base.sent;
    stats.credits = state.creditsSpent - base.creditsSpent;
  });
}
