import fs from 'node:fs';
import type { JournalRecord } from './journal-record.js';
import type { JournalStore } from './journal-store.js';

/**
 * A journal in a local file of JSON lines, each written and fsync'd before the tick that
 * appended it is over. A process killed mid-write leaves at most one torn last line, which
 * loading drops; any other unreadable line is corruption and stops the run. Read-only (dry
 * runs), it neither creates nor changes the file.
 */
export class FileJournalStore implements JournalStore {
  #fd: number | undefined;
  #created = false;

  constructor(
    readonly location: string,
    private readonly options: { readOnly?: boolean } = {},
  ) {}

  async load(): Promise<JournalRecord[]> {
    const path = this.location;
    this.#created = !fs.existsSync(path);
    const existing = this.#created ? '' : fs.readFileSync(path, 'utf8');
    const complete = existing.lastIndexOf('\n') + 1;
    if (!this.options.readOnly) {
      // A torn last line: the write that made it never finished, so Miro's answer was not yet kept.
      if (complete < existing.length) fs.truncateSync(path, Buffer.byteLength(existing.slice(0, complete)));
      this.#fd = fs.openSync(path, 'a');
    }
    const records: JournalRecord[] = [];
    existing
      .slice(0, complete)
      .split('\n')
      .forEach((line, index) => {
        if (line === '') return;
        try {
          records.push(JSON.parse(line) as JournalRecord);
        } catch {
          throw new Error(`journal ${path} is corrupt at line ${index + 1}: not JSON; move it aside to start over`);
        }
      });
    return records;
  }

  async append(records: readonly JournalRecord[]): Promise<void> {
    if (this.#fd === undefined) return;
    fs.writeSync(this.#fd, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    fs.fsyncSync(this.#fd);
  }

  /** A file this run created and never wrote to is removed, so a failed start leaves nothing. */
  async close(recorded: number): Promise<void> {
    if (this.#fd === undefined) return;
    fs.closeSync(this.#fd);
    this.#fd = undefined;
    if (this.#created && recorded === 0) fs.rmSync(this.location, { force: true });
  }
}
