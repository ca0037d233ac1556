import type { MiroApi } from '../../../src/index.js';
import { copyBoard } from '../../board-copy/src/copy-board.js';
import { FileJournalStore } from '../../board-copy/src/file-journal-store.js';
import type { RunStats } from '../../board-copy/src/run-stats.js';

export { checkBoard, RECONCILING_PASSES } from '../../board-copy/src/copy-board.js';

/** Options of {@link migrateBoard}. */
export interface MigrateBoardOptions {
  api: MiroApi;
  from: string;
  to: string;
  /** Journal file: created on the first run, read and extended by reruns. */
  journalPath: string;
  /** Read everything, create nothing, leave the journal as it is; the summary says what would be made. */
  dryRun?: boolean;
  /** Pages fetched ahead of the writes, at most. Default 2. */
  readAhead?: number;
  /** Receives the counters as soon as the run starts (the progress bar reads them). */
  onStart?: (stats: RunStats) => void;
}

/**
 * Copies board `from` to board `to` with the board-copy engine and a journal in a local file:
 * one process, one machine. examples/migrate-fleet runs the same engine with a Redis journal.
 */
export function migrateBoard(options: MigrateBoardOptions): Promise<RunStats> {
  const { journalPath, ...rest } = options;
  return copyBoard({ ...rest, journal: new FileJournalStore(journalPath, { readOnly: options.dryRun }) });
}
