import { defer, EMPTY, filter, ignoreElements, lastValueFrom, type Observable, tap, toArray } from 'rxjs';
import { processWithReadAhead } from '../../../src/index.js';
import { isAmbiguousFailure, isTransientFailure } from './explain-failure.js';
import { itemFingerprint } from './fingerprint.js';
import { copyOfItem, type SourceItem } from './item-copy.js';
import { DRY_RUN_ID_PREFIX, noteTransientFailure, type CopyContext } from './copy-context.js';
import type { BulkJsonItem } from '../../../src/index.js';

/** Items per page read: the most get-items allows, since a page costs the same whatever its size. */
const PAGE_SIZE = 50;
/** Pages whose items are being created at once (each in calls of up to 20). */
const PAGES_IN_FLIGHT = 2;

/**
 * Copies the source's frames, parents before children, so that every other item finds its
 * parent's copy. Frames are few: they are read in full first.
 */
export async function copyFrames(context: CopyContext): Promise<void> {
  context.stats.phase = 'frames';
  let pending = (await lastValueFrom(context.api.getAllItems(context.from, { type: 'frame', limit: PAGE_SIZE }).pipe(toArray()))) as SourceItem[];
  context.stats.items.read += pending.length;
  // Frames inside frames: each round copies those whose parent already has a copy.
  while (pending.length > 0) {
    const ready = pending.filter(
      (frame) => !frame.parent?.id || context.journal.items.has(frame.parent.id) || !pending.some((other) => other.id === frame.parent!.id),
    );
    if (ready.length === 0) break;
    await lastValueFrom(copyItemBatch$(context, ready), { defaultValue: undefined });
    pending = pending.filter((frame) => !ready.includes(frame));
  }
}

/**
 * Streams every other item of the source page by page, never more than `readAhead` pages
 * ahead of the writes, and creates each page's copies through bulk calls under the limiter.
 */
export function copyOtherItems$(context: CopyContext): Observable<never> {
  return defer(() => {
    context.stats.phase = 'items';
    return processWithReadAhead(
      (processed$) => context.api.getAllItemsPages(context.from, { limit: PAGE_SIZE }, { readAhead: context.readAhead, processed$ }),
      (page) => {
        if (page.index === 0 && page.total !== undefined) context.stats.sourceTotal = page.total;
        const items = (page.items as SourceItem[]).filter((item) => item.type !== 'frame');
        context.stats.items.read += items.length;
        return copyItemBatch$(context, items);
      },
      { concurrency: PAGES_IN_FLIGHT },
    ).pipe(ignoreElements());
  });
}

/**
 * Copies some source items: skips those the journal has, adopts orphans an interrupted run
 * left, and bulk-creates the rest. Each copy is journaled as soon as Miro confirms it.
 */
export function copyItemBatch$(context: CopyContext, items: readonly SourceItem[]): Observable<never> {
  const { journal, stats } = context;
  const toCreate: { source: SourceItem; item: BulkJsonItem }[] = [];
  for (const source of items) {
    if (journal.items.has(source.id)) {
      stats.items.done += 1;
      continue;
    }
    if (journal.skipped.has(source.id)) {
      stats.items.unsupported += 1;
      continue;
    }
    const parentCopyId = source.parent?.id ? journal.items.get(source.parent.id) : undefined;
    const copy = copyOfItem(source, parentCopyId);
    if (copy.kind === 'unsupported') {
      journal.append({ kind: 'skip', src: source.id, reason: copy.reason });
      stats.items.unsupported += 1;
    } else if (copy.kind === 'waiting') {
      stats.fail(`item:${source.id}`, copy.reason);
    } else {
      const orphan = context.orphanItems.claim(itemFingerprint(source, parentCopyId));
      if (orphan !== undefined) {
        journal.append({ kind: 'item', src: source.id, dst: orphan });
        stats.items.adopted += 1;
        stats.succeed(`item:${source.id}`);
      } else {
        toCreate.push({ source, item: copy.item });
      }
    }
  }
  if (toCreate.length === 0) return EMPTY;
  if (context.dryRun) {
    for (const { source } of toCreate) journal.append({ kind: 'item', src: source.id, dst: `${DRY_RUN_ID_PREFIX}${source.id}` });
    stats.items.created += toCreate.length;
    return EMPTY;
  }
  return context.api
    .bulkCreateItems(
      context.to,
      toCreate.map(({ item }) => item),
      { bisect: true },
    )
    .pipe(
      tap((result) => {
        const { source } = toCreate[result.index]!;
        if (result.item) {
          journal.append({ kind: 'item', src: source.id, dst: result.item.id });
          stats.items.created += 1;
          stats.succeed(`item:${source.id}`);
        } else {
          const reason = `${source.type}: ${result.error.message}`;
          if (isTransientFailure(result.error)) {
            noteTransientFailure(context, { failure: `item:${source.id}`, journal: `item:${source.id}` }, reason, isAmbiguousFailure(result.error));
          } else {
            stats.fail(`item:${source.id}`, reason);
          }
        }
      }),
      filter(() => false),
    ) as Observable<never>;
}
