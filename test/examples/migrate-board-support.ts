import { concatMap, from, lastValueFrom, map, toArray } from 'rxjs';
import { MiroApi } from '../../src/index.js';
import type { MiroSimulator, SimulatorItem } from '../../src/simulator/index.js';

/**
 * A board described without ids, so that a source and its copy compare equal exactly when the
 * copy is faithful: every item by type, text, position and parent frame title; every connector
 * by its ends' descriptions; every tag link by tag title and item description. Sorted lists,
 * so duplicates and losses both show.
 */
export interface BoardSnapshot {
  items: string[];
  connectors: string[];
  tagLinks: string[];
  byType: Record<string, number>;
}

export async function snapshotBoard(simulator: MiroSimulator, api: MiroApi, boardId: string): Promise<BoardSnapshot> {
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
  const connectors = await lastValueFrom(api.getAllConnectors(boardId, { limit: 50 }).pipe(toArray()));
  const tags = await lastValueFrom(api.getAllTagsFromBoard(boardId).pipe(toArray()));
  const tagLinks = await lastValueFrom(
    from(tags).pipe(
      concatMap((tag) => api.getAllItemsByTag(boardId, { tagId: tag.id }).pipe(map((item) => `${tag.title}|${describe(byId.get(item.id))}`))),
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

/** A client of the simulator with its own token and no limiter, for seeding and checking. */
export function checkerApi(simulator: MiroSimulator, token: string): MiroApi {
  return new MiroApi(token, { baseUrl: simulator.url, scimBaseUrl: `${simulator.url}/scim`, rateLimit: false });
}
