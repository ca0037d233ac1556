import { catchError, concatMap, defer, EMPTY, from, ignoreElements, lastValueFrom, map, type Observable, tap, throwError, toArray } from 'rxjs';
import { processWithReadAhead, type CreateTagBody } from '../../../src/index.js';
import { isAmbiguousFailure, isTransientFailure } from './explain-failure.js';
import { isItemRefusal } from './item-refusal.js';
import { attachmentKey } from './journal.js';
import { DRY_RUN_ID_PREFIX, noteTransientFailure, type CopyContext } from './copy-context.js';

interface TagLike {
  id: string;
  title: string;
  fillColor?: string;
}

/** Attach calls in flight at once. */
const ATTACH_CONCURRENCY = 8;

/**
 * Recreates the source's tags on the target (a tag titled the same there is reused: Miro keeps
 * titles unique per board, which also makes a rerun find the tag an interrupted run created),
 * then attaches them to the copies of the items that carry them.
 */
export async function copyTags(context: CopyContext): Promise<void> {
  const { api, journal, stats } = context;
  stats.phase = 'tags';
  const sourceTags = (await lastValueFrom(api.getAllTagsFromBoard(context.from).pipe(toArray()))) as TagLike[];
  const targetTags = (await lastValueFrom(api.getAllTagsFromBoard(context.to).pipe(toArray()))) as TagLike[];
  const targetByTitle = new Map(targetTags.map((tag) => [tag.title, tag.id]));
  stats.tags.read = sourceTags.length;
  for (const tag of sourceTags) {
    if (journal.tags.has(tag.id)) {
      stats.tags.done += 1;
      continue;
    }
    const existing = targetByTitle.get(tag.title);
    if (existing !== undefined) {
      journal.append({ kind: 'tag', src: tag.id, dst: existing });
      stats.tags.adopted += 1;
      stats.succeed(`tag:${tag.id}`);
      continue;
    }
    if (context.dryRun) {
      journal.append({ kind: 'tag', src: tag.id, dst: `${DRY_RUN_ID_PREFIX}${tag.id}` });
      stats.tags.created += 1;
      continue;
    }
    const body = { title: tag.title, ...(tag.fillColor ? { fillColor: tag.fillColor } : {}) } as CreateTagBody;
    try {
      const created = await lastValueFrom(api.createTag(context.to, body));
      journal.append({ kind: 'tag', src: tag.id, dst: created.id });
      stats.tags.created += 1;
      stats.succeed(`tag:${tag.id}`);
    } catch (error) {
      if (!isTransientFailure(error)) throw error;
      // Titles are unique per board: the next pass finds a tag Miro made by its title.
      noteTransientFailure(
        context,
        { failure: `tag:${tag.id}`, journal: `tag:${tag.id}` },
        `tag "${tag.title}": ${(error as Error).message}`,
        isAmbiguousFailure(error),
      );
    }
  }
  stats.phase = 'tag links';
  // A tag without a copy yet has failed above; its links wait for the pass that makes it.
  const copied = sourceTags.filter((tag) => journal.tags.has(tag.id));
  await lastValueFrom(
    from(copied).pipe(
      concatMap((tag) => attachTag$(context, tag)),
      ignoreElements(),
    ),
    { defaultValue: undefined },
  );
}

/** Attaches one tag to the copy of every source item carrying it, reading those items page by page. */
function attachTag$(context: CopyContext, tag: TagLike): Observable<void> {
  const { api, journal, stats } = context;
  const tagCopy = journal.tags.get(tag.id)!;
  return processWithReadAhead(
    (processed$) => api.getAllItemsByTag(context.from, { tagId: tag.id }, { readAhead: context.readAhead, processed$ }),
    (item: { id: string }) =>
      defer(() => {
        stats.attachments.read += 1;
        const itemCopy = journal.items.get(item.id);
        const key = `attach:${item.id}:${tag.id}`;
        if (itemCopy === undefined) {
          stats.fail(key, `tag "${tag.title}": item ${item.id} has no copy`);
          return EMPTY;
        }
        if (journal.attachments.has(attachmentKey(itemCopy, tagCopy))) {
          stats.attachments.done += 1;
          return EMPTY;
        }
        const record = () => {
          journal.append({ kind: 'attach', item: itemCopy, tag: tagCopy });
          stats.attachments.created += 1;
          stats.succeed(key);
        };
        if (context.dryRun || itemCopy.startsWith(DRY_RUN_ID_PREFIX)) {
          record();
          return EMPTY;
        }
        // Attaching a tag an item already carries changes nothing, so a rerun may safely repeat it.
        return api.attachTagToItem(context.to, itemCopy, { tagId: tagCopy }).pipe(
          tap({ complete: record }),
          map(() => undefined),
          catchError((error: unknown) => {
            const reason = `tag "${tag.title}" on item ${item.id}: ${(error as Error).message}`;
            // Attaching again is harmless, so an uncertain link is simply attached again later.
            const journalKey = `attach:${attachmentKey(itemCopy, tagCopy)}`;
            if (isTransientFailure(error)) noteTransientFailure(context, { failure: key, journal: journalKey }, reason, isAmbiguousFailure(error));
            else if (isItemRefusal(error)) stats.fail(key, reason);
            else return throwError(() => error);
            return EMPTY;
          }),
        );
      }),
    { concurrency: ATTACH_CONCURRENCY },
  );
}
