import { lastValueFrom, toArray } from 'rxjs';
import { connectorFingerprint, FingerprintIndex, itemFingerprint, type ConnectorLike } from './fingerprint.js';
import type { Journal } from './journal.js';
import type { MiroApi } from '../../../src/index.js';
import type { SourceItem } from './item-copy.js';

/** What the target holds that the journal does not account for. */
export interface TargetInventory {
  itemIds: string[];
  connectorIds: string[];
  orphanItems: FingerprintIndex;
  orphanConnectors: FingerprintIndex;
}

/**
 * Lists the target board. On a first run every item there is pre-existing (recorded, never
 * touched); on a rerun, items that are neither pre-existing nor in the journal were created by
 * an interrupted run after Miro answered but before the journal line was written: they are
 * indexed by fingerprint so that the copy adopts them instead of creating them again.
 */
export async function takeTargetInventory(api: MiroApi, boardId: string, journal: Journal): Promise<TargetInventory> {
  const items = (await lastValueFrom(api.getAllItems(boardId, { limit: 50 }).pipe(toArray()))) as SourceItem[];
  const connectors = (await lastValueFrom(api.getAllConnectors(boardId, { limit: 50 }).pipe(toArray()))) as ConnectorLike[];
  const preexisting = journal.run?.preexisting;
  const known = (id: string, kind: 'items' | 'connectors') => journal.targetIds.has(id) || (preexisting?.[kind].includes(id) ?? false);
  const orphanItems = new FingerprintIndex();
  const orphanConnectors = new FingerprintIndex();
  if (preexisting) {
    const preexistingItems = new Set(preexisting.items);
    for (const item of items) {
      if (!journal.targetIds.has(item.id) && !preexistingItems.has(item.id)) orphanItems.add(itemFingerprint(item, item.parent?.id), item.id);
    }
    for (const connector of connectors) {
      if (known(connector.id, 'connectors')) continue;
      orphanConnectors.add(connectorFingerprint(connector, connector.startItem?.id ?? '', connector.endItem?.id ?? ''), connector.id);
    }
  }
  return { itemIds: items.map((item) => item.id), connectorIds: connectors.map((connector) => connector.id), orphanItems, orphanConnectors };
}
