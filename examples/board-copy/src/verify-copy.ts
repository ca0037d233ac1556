import { concatMap, from, lastValueFrom, map, toArray } from 'rxjs';
import type { MiroApi } from '../../../src/index.js';
import { connectorFingerprint, itemFingerprint, type ConnectorLike } from './fingerprint.js';
import type { SourceItem } from './item-copy.js';
import { Journal } from './journal.js';
import type { JournalStore } from './journal-store.js';

/** What a verification found: counts by type on each side, and every difference. */
export interface CopyReport {
  sourceByType: Record<string, number>;
  targetByType: Record<string, number>;
  connectors: { source: number; target: number };
  attachments: { source: number; target: number };
  problems: string[];
}

const MAX_PROBLEMS = 20;

/**
 * Checks a finished copy through the API, item by item: the journal's mapping must pair every
 * copyable source item with one target item of the same type, text, position and (mapped)
 * parent; the target must hold nothing else the run made (no duplicates); every tag must sit
 * on the copies of the items it sat on; every connector must join the copies of its ends.
 */
export async function verifyCopy(api: MiroApi, from_: string, to: string, store: JournalStore): Promise<CopyReport> {
  const journal = await Journal.open(store);
  const problems: string[] = [];
  const problem = (text: string) => problems.length < MAX_PROBLEMS && problems.push(text);
  const [source, target] = await Promise.all([listItems(api, from_), listItems(api, to)]);
  const preexisting = new Set(journal.run?.preexisting.items ?? []);
  const targetById = new Map(target.filter((item) => !preexisting.has(item.id)).map((item) => [item.id, item]));
  const claimed = new Set<string>();
  for (const item of source) {
    if (journal.skipped.has(item.id)) continue;
    const copyId = journal.items.get(item.id);
    const copy = copyId === undefined ? undefined : targetById.get(copyId);
    if (!copy) {
      problem(`source ${item.type} ${item.id} has no copy on the target`);
      continue;
    }
    if (claimed.has(copy.id)) problem(`target item ${copy.id} is the copy of two source items`);
    claimed.add(copy.id);
    const parentCopy = item.parent?.id ? journal.items.get(item.parent.id) : undefined;
    if (itemFingerprint(item, parentCopy) !== itemFingerprint(copy, copy.parent?.id)) {
      problem(
        `target ${copy.type} ${copy.id} differs from source ${item.id}: ${itemFingerprint(copy, copy.parent?.id)} vs ${itemFingerprint(item, parentCopy)}`,
      );
    }
  }
  for (const item of targetById.values()) if (!claimed.has(item.id)) problem(`target ${item.type} ${item.id} copies nothing (a duplicate?)`);

  const [sourceConnectors, targetConnectors] = await Promise.all([listConnectors(api, from_), listConnectors(api, to)]);
  const expected = sourceConnectors
    .filter((connector) => !journal.skippedConnectors.has(connector.id))
    .map((connector) =>
      connectorFingerprint(connector, journal.items.get(connector.startItem?.id ?? '') ?? '?', journal.items.get(connector.endItem?.id ?? '') ?? '?'),
    );
  const actual = targetConnectors
    .filter((connector) => !(journal.run?.preexisting.connectors ?? []).includes(connector.id))
    .map((connector) => connectorFingerprint(connector, connector.startItem?.id ?? '', connector.endItem?.id ?? ''));
  compareMultisets(expected, actual, 'connector', problem);

  const [sourceTags, targetTags] = await Promise.all([tagPairs(api, from_, (id) => journal.items.get(id) ?? `missing:${id}`), tagPairs(api, to, (id) => id)]);
  compareMultisets(sourceTags, targetTags, 'tag attachment', problem);
  await journal.close();
  return {
    sourceByType: countByType(source.filter((item) => !journal.skipped.has(item.id))),
    targetByType: countByType([...targetById.values()]),
    connectors: { source: expected.length, target: actual.length },
    attachments: { source: sourceTags.length, target: targetTags.length },
    problems,
  };
}

async function listItems(api: MiroApi, boardId: string): Promise<SourceItem[]> {
  return (await lastValueFrom(api.getAllItems(boardId, { limit: 50 }).pipe(toArray()))) as SourceItem[];
}

async function listConnectors(api: MiroApi, boardId: string): Promise<ConnectorLike[]> {
  return (await lastValueFrom(api.getAllConnectors(boardId, { limit: 50 }).pipe(toArray()))) as ConnectorLike[];
}

/** `title|itemId` for every tag on every item of a board, item ids passed through `mapId`. */
async function tagPairs(api: MiroApi, boardId: string, mapId: (id: string) => string): Promise<string[]> {
  const tags = await lastValueFrom(api.getAllTagsFromBoard(boardId).pipe(toArray()));
  return lastValueFrom(
    from(tags).pipe(
      concatMap((tag) => api.getAllItemsByTag(boardId, { tagId: tag.id }).pipe(map((item) => `${tag.title}|${mapId(item.id)}`))),
      toArray(),
    ),
  );
}

function compareMultisets(expected: string[], actual: string[], what: string, problem: (text: string) => void): void {
  const left = new Map<string, number>();
  for (const key of expected) left.set(key, (left.get(key) ?? 0) + 1);
  for (const key of actual) {
    const count = left.get(key) ?? 0;
    if (count === 0) problem(`target ${what} ${key} has no source counterpart (a duplicate?)`);
    else left.set(key, count - 1);
  }
  for (const [key, count] of left) if (count > 0) problem(`source ${what} ${key} is missing on the target (${count}x)`);
}

function countByType(items: readonly SourceItem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item.type] = (counts[item.type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
