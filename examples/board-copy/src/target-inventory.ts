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
  const orphanItems = new FingerprintIndex();
  const orphanConnectors = new FingerprintIndex();
  // On a first run there is no journal yet: everything on the target is pre-existing.
  if (preexisting) {
    const before = new Set([...preexisting.items, ...preexisting.connectors]);
    const isOrphan = (id: string) => !journal.targetIds.has(id) && !before.has(id);
    for (const item of items) {
      if (isOrphan(item.id)) orphanItems.add(itemFingerprint(item, item.parent?.id), item.id);
    }
    for (const connector of connectors) {
      if (isOrphan(connector.id)) {
        orphanConnectors.add(connectorFingerprint(connector, connector.startItem?.id ?? '', connector.endItem?.id ?? ''), connector.id);
      }
    }
  }
  return { itemIds: items.map((item) => item.id), connectorIds: connectors.map((connector) => connector.id), orphanItems, orphanConnectors };
}
