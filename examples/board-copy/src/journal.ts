import fs from 'node:fs';

/** What a journal line records. Every line is one JSON object ending in a newline. */
export type JournalRecord =
  /** First line: which copy this journal belongs to, and what the target held before it. */
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

/**
 * The migration's memory: an append-only file of JSON lines, each written and fsync'd only
 * after Miro confirmed what it records. A process killed mid-write leaves at most one torn
 * last line, which opening drops; any other unreadable line is corruption and stops the run.
 *
 * Lines that arrive in the same tick (one bulk call's results) share one write and one fsync.
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
  #fd: number | undefined;
  #pending: string[] = [];
  #flushScheduled = false;
  #lines = 0;
  #created: boolean;

  private constructor(
    readonly path: string,
    fd: number | undefined,
    created: boolean,
  ) {
    this.#fd = fd;
    this.#created = created;
  }

  /**
   * Opens (or creates) the journal at `path` and replays what it holds. Read-only (for dry
   * runs), it neither creates nor changes the file and keeps appended records in memory.
   */
  static open(path: string, options: { readOnly?: boolean } = {}): Journal {
    const created = !fs.existsSync(path);
    const existing = created ? '' : fs.readFileSync(path, 'utf8');
    const complete = existing.lastIndexOf('\n') + 1;
    if (complete < existing.length && !options.readOnly) {
      // A torn last line: the write that made it never finished, so Miro's answer was not yet kept.
      fs.truncateSync(path, Buffer.byteLength(existing.slice(0, complete)));
    }
    const journal = new Journal(path, options.readOnly ? undefined : fs.openSync(path, 'a'), created && !options.readOnly);
    existing
      .slice(0, complete)
      .split('\n')
      .forEach((line, index) => {
        if (line === '') return;
        let record: JournalRecord;
        try {
          record = JSON.parse(line) as JournalRecord;
        } catch {
          throw new Error(`journal ${path} is corrupt at line ${index + 1}: not JSON; move it aside to start over`);
        }
        journal.#apply(record);
      });
    return journal;
  }

  /** Lines recorded so far, this run and earlier ones. */
  get lines(): number {
    return this.#lines;
  }

  /** Appends a record; it reaches the disk (fsync) before the current tick's work is over. */
  append(record: JournalRecord): void {
    this.#apply(record);
    if (this.#fd === undefined) return;
    this.#pending.push(`${JSON.stringify(record)}\n`);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Writes and fsyncs what is pending. */
  flush(): void {
    this.#flushScheduled = false;
    if (this.#pending.length === 0 || this.#fd === undefined) return;
    const text = this.#pending.join('');
    this.#pending = [];
    fs.writeSync(this.#fd, text);
    fs.fsyncSync(this.#fd);
  }

  /** Closes the file; one this run created and never wrote to is removed, so a failed start leaves nothing. */
  close(): void {
    this.flush();
    if (this.#fd !== undefined) fs.closeSync(this.#fd);
    if (this.#fd !== undefined && this.#created && this.#lines === 0) fs.rmSync(this.path, { force: true });
    this.#fd = undefined;
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
        throw new Error(`journal ${this.path}: unknown record ${JSON.stringify(record)}`);
    }
  }
}

export function attachmentKey(itemId: string, tagId: string): string {
  return `${itemId}:${tagId}`;
}
