import type { MiroApi } from '../../../src/index.js';
import { FileJournalStore } from '../../board-copy/src/file-journal-store.js';
import { type CopyReport, verifyCopy as verifyWithJournal } from '../../board-copy/src/verify-copy.js';

export type { CopyReport };

/** Checks a finished copy through the API against the journal file at `journalPath` (read only). */
export function verifyCopy(api: MiroApi, from: string, to: string, journalPath: string): Promise<CopyReport> {
  return verifyWithJournal(api, from, to, new FileJournalStore(journalPath, { readOnly: true }));
}
