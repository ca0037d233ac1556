/** What a journal line records. Every record is one JSON object. */
export type JournalRecord =
  /** First record: which copy this journal belongs to, and what the target held before it. */
  | { kind: 'run'; from: string; to: string; startedAt: string; preexisting: { items: string[]; connectors: string[] } }
  /** Miro confirmed `dst` as the copy of source item `src` (or reconciliation adopted it). */
  | { kind: 'item'; src: string; dst: string }
  /** A source item that cannot be copied, recorded so that a rerun does not try again. */
  | { kind: 'skip'; src: string; reason: string }
  | { kind: 'tag'; src: string; dst: string }
  /** Tag `tag` (target id) is attached to item `item` (target id). */
  | { kind: 'attach'; item: string; tag: string }
  | { kind: 'connector'; src: string; dst: string }
  | { kind: 'skip-connector'; src: string; reason: string }
  /**
   * A create, attach or connector call failed in a way after which Miro may have acted: `key`
   * (`item:<src>`, `tag:<src>`, `attach:<item>:<tag>`, `connector:<src>`) is unsettled until a
   * later record settles it; reconciliation looks for it on the target first.
   */
  | { kind: 'uncertain'; key: string; reason: string };

export type RunRecord = Extract<JournalRecord, { kind: 'run' }>;

export function attachmentKey(itemId: string, tagId: string): string {
  return `${itemId}:${tagId}`;
}
