import type { SimulatorBoard, SimulatorItem } from './types.js';
import type { SimulatorContext } from './simulator-context.js';

/** URL path segment of each item type's own endpoints. */
export const TYPE_SEGMENTS: Record<string, string> = {
  sticky_note: 'sticky_notes',
  shape: 'shapes',
  text: 'texts',
  card: 'cards',
  app_card: 'app_cards',
  image: 'images',
  document: 'documents',
  embed: 'embeds',
  frame: 'frames',
  doc_format: 'docs',
};

export function boardUrl(sim: SimulatorContext, boardId: string): string {
  return `${sim.url}/v2/boards/${encodeURIComponent(boardId)}`;
}

/** An item as answers carry it: the stored fields plus `links.self`. */
export function presentItem(sim: SimulatorContext, boardId: string, item: SimulatorItem, generic = true): Record<string, unknown> {
  const segment = generic ? 'items' : (TYPE_SEGMENTS[item.type] ?? 'items');
  const links: Record<string, string> = { self: `${boardUrl(sim, boardId)}/${segment}/${item.id}` };
  if (item.parent) links.related = `${boardUrl(sim, boardId)}/items/${item.parent.id}`;
  return { ...item, links };
}

export function presentBoard(sim: SimulatorContext, board: SimulatorBoard): Record<string, unknown> {
  const self = boardUrl(sim, board.id);
  return { ...board, links: { self, related: `${self}/members?limit=20&offset=0` } };
}

/** The URL a request was made to, for `links.self`. */
export function requestUrl(sim: SimulatorContext, path: string, query: URLSearchParams): string {
  const search = query.toString();
  return `${sim.url}${path}${search ? `?${search}` : ''}`;
}
