import type { JournalRecord } from './journal-record.js';

/**
 * Where a copy's journal is kept: a local file for one process (`FileJournalStore`), Redis for a
 * fleet of workers that take over each other's boards. The copy engine only needs these three
 * steps; every record it appends was confirmed by Miro first, so a store that loses the last few
 * appends on a crash loses nothing the next run's reconciliation cannot find on the target.
 */
export interface JournalStore {
  /** Where the journal is, for messages (a path, a Redis key). */
  readonly location: string;
  /** Every record kept so far, oldest first; throws with a clear message when they are unreadable. */
  load(): Promise<JournalRecord[]>;
  /**
   * Keeps records durably and in order; resolves once they are kept. A rejection stops the copy
   * (a full disk, a board another worker has taken over).
   */
  append(records: readonly JournalRecord[]): Promise<void>;
  /** Releases what the store holds open; `recorded` is how many records the journal holds. */
  close(recorded: number): Promise<void>;
}
