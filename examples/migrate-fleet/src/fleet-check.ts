import { concatMap, from, lastValueFrom, map, toArray } from 'rxjs';
import type { MiroApi } from '../../../src/index.js';
import type { MiroSimulator, SimulatorItem } from '../../../src/simulator/index.js';

/** A board described without ids: equal for a source and its copy exactly when the copy is faithful. */
export interface BoardContents {
  items: string[];
  connectors: string[];
  tagLinks: string[];
  byType: Record<string, number>;
}

/**
 * Reads a board of the simulator, independently of any journal: every item by type, text,
 * position, style and parent frame title, every connector by its ends, shape and captions, every
 * tag link by tag title and item; sorted, so that a duplicate or a loss shows as a difference.
 */
export async function boardContents(simulator: MiroSimulator, checker: MiroApi, boardId: string): Promise<BoardContents> {
  const items = simulator.state.items(boardId);
  const byId = new Map(items.map((item) => [item.id, item]));
  const describe = (item: SimulatorItem | undefined): string => {
    if (!item) return '(missing)';
    const data = item.data ?? {};
    const parent = item.parent ? byId.get(item.parent.id) : undefined;
    const parentTitle = parent ? String(parent.data?.title ?? '?') : '';
    return [item.type, data.content ?? data.title ?? data.url ?? '', item.position?.x, item.position?.y, JSON.stringify(item.style ?? {}), parentTitle].join(
      '|',
    );
  };
  const connectors = await lastValueFrom(checker.getAllConnectors(boardId, { limit: 50 }).pipe(toArray()));
  const tags = await lastValueFrom(checker.getAllTagsFromBoard(boardId).pipe(toArray()));
  const tagLinks = await lastValueFrom(
    from(tags).pipe(
      concatMap((tag) => checker.getAllItemsByTag(boardId, { tagId: tag.id }).pipe(map((item) => `${tag.title}|${describe(byId.get(item.id))}`))),
      toArray(),
    ),
  );
  const byType: Record<string, number> = {};
  for (const item of items) byType[item.type] = (byType[item.type] ?? 0) + 1;
  return {
    items: items.map(describe).sort(),
    connectors: connectors
      .map((connector) => {
        const c = connector as { startItem?: { id?: string }; endItem?: { id?: string }; shape?: string; captions?: { content?: string }[] };
        return `${describe(byId.get(c.startItem?.id ?? ''))} -> ${describe(byId.get(c.endItem?.id ?? ''))} ${c.shape} ${JSON.stringify(c.captions ?? [])}`;
      })
      .sort(),
    tagLinks: tagLinks.sort(),
    byType,
  };
}

/** Differences between a source and its copy, at most a few per kind; empty when the copy is exact. */
export function compareContents(source: BoardContents, copy: BoardContents): string[] {
  const problems: string[] = [];
  for (const kind of ['items', 'connectors', 'tagLinks'] as const) {
    const left = new Map<string, number>();
    for (const key of source[kind]) left.set(key, (left.get(key) ?? 0) + 1);
    for (const key of copy[kind]) left.set(key, (left.get(key) ?? 0) - 1);
    const extra = [...left].filter(([, n]) => n < 0).map(([key, n]) => `${-n}x duplicate ${kind} ${key}`);
    const lost = [...left].filter(([, n]) => n > 0).map(([key, n]) => `${n}x lost ${kind} ${key}`);
    problems.push(...extra.slice(0, 3), ...lost.slice(0, 3));
  }
  return problems;
}
