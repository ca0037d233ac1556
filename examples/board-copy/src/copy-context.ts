import type { MiroApi } from '../../../src/index.js';
import type { FingerprintIndex } from './fingerprint.js';
import type { Journal } from './journal.js';
import type { RunStats } from './run-stats.js';

/** What every phase of one board copy shares. */
export interface CopyContext {
  api: MiroApi;
  /** Source board id. */
  from: string;
  /** Target board id. */
  to: string;
  journal: Journal;
  stats: RunStats;
  dryRun: boolean;
  /** Pages read ahead of the writes, at most. */
  readAhead: number;
  /** Target items made by an interrupted run but missing from the journal, by fingerprint. */
  orphanItems: FingerprintIndex;
  orphanConnectors: FingerprintIndex;
}

/** The target id of a source item's copy; in a dry run, a stand-in for copies it would make. */
export function copyIdOf(context: CopyContext, sourceId: string): string | undefined {
  return context.journal.items.get(sourceId);
}

/** Item copies a dry run would make get this id in its in-memory journal. */
export const DRY_RUN_ID_PREFIX = 'dry-run:';

/**
 * Records a call that failed transiently: the journal marks `journalKey` uncertain when Miro
 * may have acted, the run notes the failure under `failureKey` and asks for a reconciling pass.
 */
export function noteTransientFailure(context: CopyContext, keys: { failure: string; journal?: string }, reason: string, ambiguous: boolean): void {
  if (ambiguous && keys.journal !== undefined) context.journal.append({ kind: 'uncertain', key: keys.journal, reason });
  context.stats.fail(keys.failure, reason);
  context.stats.retryable = true;
}
