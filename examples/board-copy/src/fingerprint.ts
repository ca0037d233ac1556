import type { SourceItem } from './item-copy.js';

/**
 * What a copy shares with its source whatever ids Miro gives it: type, position (relative to
 * the parent's copy), parent and visible text. Reconciliation matches items Miro created but
 * the journal never heard of to the source items they copy by this key.
 */
export function itemFingerprint(item: Pick<SourceItem, 'type' | 'data' | 'position'>, parentId: string | undefined): string {
  const data = (item.data ?? {}) as Record<string, unknown>;
  const text = typeof data.content === 'string' ? data.content : typeof data.title === 'string' ? data.title : '';
  return [item.type, round(item.position?.x), round(item.position?.y), parentId ?? '', normaliseText(text)].join('|');
}

/** A connector's key: its ends (target ids), shape and caption text. */
export function connectorFingerprint(connector: ConnectorLike, startId: string, endId: string): string {
  const captions = (connector.captions ?? []).map((caption) => normaliseText(caption.content ?? '')).join('/');
  return [startId, endId, connector.shape ?? '', captions].join('|');
}

export interface ConnectorLike {
  id: string;
  startItem?: { id?: string };
  endItem?: { id?: string };
  shape?: string;
  captions?: ReadonlyArray<{ content?: string }>;
  style?: Record<string, unknown>;
}

// Miro may rewrite markup (`<p>` around plain text) and round positions: compare what survives.
function normaliseText(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function round(value: number | undefined): string {
  return value === undefined ? '' : (Math.round(value * 10) / 10).toString();
}

/** A multiset of unclaimed items by fingerprint: each found item is handed out once. */
export class FingerprintIndex {
  readonly #byKey = new Map<string, string[]>();
  #size = 0;

  add(key: string, id: string): void {
    const ids = this.#byKey.get(key) ?? [];
    ids.push(id);
    this.#byKey.set(key, ids);
    this.#size += 1;
  }

  /** Takes one id with this key, if any is left. */
  claim(key: string): string | undefined {
    const ids = this.#byKey.get(key);
    const id = ids?.shift();
    if (id !== undefined) this.#size -= 1;
    return id;
  }

  get size(): number {
    return this.#size;
  }
}
