import fs from 'node:fs';
import path from 'node:path';

/** One line of the journal. */
export type BackupRecord =
  /** A job Miro created for these boards: a rerun follows it instead of exporting them again. */
  | { kind: 'job'; jobId: string; boardIds: readonly string[] }
  /** The board's file is in the folder, complete (written under a temporary name, then renamed). */
  | { kind: 'saved'; boardId: string; file: string; bytes: number; sha256: string; jobId: string }
  /** Miro could not export the board, and retrying would not help (or ran out of retries). */
  | { kind: 'failed'; boardId: string; jobId: string; reason: string; temporary: boolean };

/**
 * The backup folder's memory: `journal.ndjson`, one JSON line per fact, each fsync'd before the
 * next step relies on it. A process killed mid-write leaves at most a torn last line, which
 * opening drops.
 */
export class BackupJournal {
  readonly jobs = new Map<string, readonly string[]>();
  readonly saved = new Map<string, Extract<BackupRecord, { kind: 'saved' }>>();
  readonly failed = new Map<string, Extract<BackupRecord, { kind: 'failed' }>>();
  readonly #fd: number;

  constructor(readonly dir: string) {
    fs.mkdirSync(path.join(dir, 'boards'), { recursive: true });
    const file = path.join(dir, 'journal.ndjson');
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const lines = text.split('\n');
    // The last piece is empty, or a line torn by a kill.
    for (const line of lines.slice(0, -1)) this.#apply(JSON.parse(line) as BackupRecord);
    if (!text.endsWith('\n') && text !== '') fs.truncateSync(file, text.length - lines.at(-1)!.length);
    this.#fd = fs.openSync(file, 'a');
  }

  append(record: BackupRecord): void {
    fs.writeSync(this.#fd, `${JSON.stringify(record)}\n`);
    fs.fsyncSync(this.#fd);
    this.#apply(record);
  }

  close(): void {
    fs.closeSync(this.#fd);
  }

  #apply(record: BackupRecord): void {
    if (record.kind === 'job') this.jobs.set(record.jobId, record.boardIds);
    else if (record.kind === 'saved') {
      this.saved.set(record.boardId, record);
      this.failed.delete(record.boardId);
    } else this.failed.set(record.boardId, record);
  }
}

/** Writes `manifest.json`: what the folder holds and what could not be saved. */
export function writeManifest(journal: BackupJournal, orgId: string, format: string): string {
  const file = path.join(journal.dir, 'manifest.json');
  const boards = Object.fromEntries([...journal.saved.values()].map(({ boardId, file, bytes, sha256, jobId }) => [boardId, { file, bytes, sha256, jobId }]));
  const failed = Object.fromEntries([...journal.failed.values()].map(({ boardId, reason, jobId, temporary }) => [boardId, { reason, jobId, temporary }]));
  const manifest = { orgId, format, writtenAt: new Date().toISOString(), boards, failed };
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
  return file;
}
