import { Observable, type OperatorFunction } from 'rxjs';
import type { BulkEntry } from './bulk-entry.js';

type JsonEntry = Extract<BulkEntry, { kind: 'json' }>;
type FileEntry = Extract<BulkEntry, { kind: 'file' }>;

/** Inputs that travel in one bulk call: all JSON (`createItems`) or all files (from device). */
export type BulkBatch = { kind: 'json'; entries: JsonEntry[] } | { kind: 'file'; entries: FileEntry[] };

/** How big a batch may grow. */
export interface BulkBatchLimits {
  /** Items per call, 1..20. */
  maxItems: number;
  /** Bytes of files per call. */
  maxBytes: number;
}

/**
 * Groups checked inputs into batches as they arrive: a batch leaves as soon as it is full (by
 * count, or because the next file would pass the byte limit), and whatever is left leaves when
 * the source completes. JSON and file inputs fill separate batches, since they go to separate
 * endpoints. Entries keep their input order inside each batch.
 */
export function intoBulkBatches(limits: BulkBatchLimits): OperatorFunction<JsonEntry | FileEntry, BulkBatch> {
  return (source) =>
    new Observable<BulkBatch>((subscriber) => {
      let json: JsonEntry[] = [];
      let files: FileEntry[] = [];
      let bytes = 0;
      const flushJson = () => {
        if (!json.length) return;
        const entries = json;
        json = [];
        subscriber.next({ kind: 'json', entries });
      };
      const flushFiles = () => {
        if (!files.length) return;
        const entries = files;
        files = [];
        bytes = 0;
        subscriber.next({ kind: 'file', entries });
      };
      return source.subscribe({
        next: (entry) => {
          if (entry.kind === 'json') {
            json.push(entry);
            if (json.length >= limits.maxItems) flushJson();
            return;
          }
          if (files.length && bytes + entry.bytes > limits.maxBytes) flushFiles();
          files.push(entry);
          bytes += entry.bytes;
          if (files.length >= limits.maxItems) flushFiles();
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          // The batch holding the earliest input goes first: its results unblock in-order output sooner.
          if (files.length && (!json.length || files[0]!.index < json[0]!.index)) {
            flushFiles();
            flushJson();
          } else {
            flushJson();
            flushFiles();
          }
          subscriber.complete();
        },
      });
    });
}
