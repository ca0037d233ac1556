import { attachmentKey, type JournalRecord, type RunRecord } from './journal-record.js';
import type { JournalStore } from './journal-store.js';

export { attachmentKey, type JournalRecord, type RunRecord } from './journal-record.js';

/**
 * The copy's memory: what every record kept so far says, replayed into maps, with new records
 * passed to a {@link JournalStore}. Records appended in the same tick (one bulk call's results)
 * reach the store in one `append`. A store failure is raised by the next `append` or `flush`,
 * so the copy stops instead of going on without a memory.
 */
export class Journal {
  readonly items = new Map<string, string>();
  readonly tags = new Map<string, string>();
  readonly connectors = new Map<string, string>();
  readonly skipped = new Map<string, string>();
  readonly skippedConnectors = new Map<string, string>();
  readonly attachments = new Set<string>();
  /** Keys of calls whose outcome is unknown (see the `uncertain` record), with why. */
  readonly uncertain = new Map<string, string>();
  /** Target ids of everything this journal has recorded as created (or adopted). */
  readonly targetIds = new Set<string>();
  run?: RunRecord;
  #pending: JournalRecord[] = [];
  #flushScheduled = false;
  #writes: Promise<void> = Promise.resolve();
  #failure: unknown;
  #lines = 0;

  private constructor(readonly store: JournalStore) {}

  /** Loads the store's records and replays them. */
  static async open(store: JournalStore): Promise<Journal> {
    const journal = new Journal(store);
    for (const record of await store.load()) journal.#apply(record);
    return journal;
  }

  /** Where the journal is kept, for messages. */
  get location(): string {
    return this.store.location;
  }

  /** Records kept so far, this run and earlier ones. */
  get lines(): number {
    return this.#lines;
  }

  /** Appends a record; it goes to the store before the current tick's work is over. */
  append(record: JournalRecord): void {
    if (this.#failure !== undefined) throw this.#failure;
    this.#apply(record);
    this.#pending.push(record);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(() => void this.flush().catch(() => undefined));
    }
  }

  /** Passes what is pending to the store; resolves once everything appended so far is kept. */
  flush(): Promise<void> {
    this.#flushScheduled = false;
    if (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      this.#writes = this.#writes.then(() =>
        this.#failure === undefined
          ? this.store.append(batch).catch((error: unknown) => {
              this.#failure = error;
            })
          : undefined,
      );
    }
    return this.#writes.then(() => {
      if (this.#failure !== undefined) throw this.#failure;
    });
  }

  /** Flushes and releases the store (a store failure is not raised again here). */
  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.store.close(this.#lines);
  }

  #apply(record: JournalRecord): void {
    this.#lines += 1;
    switch (record.kind) {
      case 'run':
        this.run ??= record;
        break;
      case 'item':
        this.uncertain.delete(`item:${record.src}`);
        this.items.set(record.src, record.dst);
        this.targetIds.add(record.dst);
        break;
      case 'skip':
        this.skipped.set(record.src, record.reason);
        break;
      case 'tag':
        this.uncertain.delete(`tag:${record.src}`);
        this.tags.set(record.src, record.dst);
        break;
      case 'attach':
        this.uncertain.delete(`attach:${attachmentKey(record.item, record.tag)}`);
        this.attachments.add(attachmentKey(record.item, record.tag));
        break;
      case 'connector':
        this.uncertain.delete(`connector:${record.src}`);
        this.connectors.set(record.src, record.dst);
        this.targetIds.add(record.dst);
        break;
      case 'skip-connector':
        this.skippedConnectors.set(record.src, record.reason);
        break;
      case 'uncertain':
        this.uncertain.set(record.key, record.reason);
        break;
      default:
        throw new Error(`journal ${this.location}: unknown record ${JSON.stringify(record)}`);
    }
  }
}
