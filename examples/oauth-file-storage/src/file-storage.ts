import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { MiroTokenState, Storage } from '../../../src/index.js';

/** What the file holds: one JSON document with every user's state. */
interface TokenFile {
  version: 1;
  users: Record<string, MiroTokenState>;
}

/**
 * A `Storage` that keeps every user's tokens in one JSON file, as a model for a real database:
 *
 * - each write replaces the whole file atomically (write a temporary file beside it, flush it
 *   to disk, rename it over the old one), so a crash leaves the old file or the new one, never
 *   half of one, and a failed write leaves the old one in place;
 * - writes are serialised in this process, so concurrent `set` calls for different users never
 *   lose each other's changes (each reads the file as the previous one left it);
 * - the file is created readable by its owner only (mode 0600): it holds refresh tokens.
 *
 * It does not lock across processes: several processes writing one file can lose an update.
 * Give each process its own file, or use a database with a transaction per `set`.
 */
export class FileStorage implements Storage {
  /** The tail of the write queue; each write starts when the previous one has settled. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {
    if (typeof path !== 'string' || path === '') throw new TypeError('FileStorage: path must be a non-empty string');
  }

  async get(userId: string): Promise<MiroTokenState | undefined> {
    // Waits for queued writes, so a read after a set sees it.
    await this.#queue.catch(() => undefined);
    return (await this.#read()).users[userId];
  }

  set(userId: string, state: MiroTokenState | undefined): Promise<void> {
    const write = this.#queue
      .catch(() => undefined)
      .then(async () => {
        const file = await this.#read();
        if (state === undefined) delete file.users[userId];
        else file.users[userId] = state;
        await this.#replace(JSON.stringify(file, null, 2));
      });
    this.#queue = write;
    return write;
  }

  async #read(): Promise<TokenFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, users: {} };
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // The content is never quoted: it holds tokens.
      throw new Error(`FileStorage: ${this.path} is not valid JSON`);
    }
    const users = (parsed as Partial<TokenFile> | null)?.users;
    if ((parsed as Partial<TokenFile> | null)?.version !== 1 || !users || typeof users !== 'object') {
      throw new Error(`FileStorage: ${this.path} is not a token file (expected {"version": 1, "users": {...}})`);
    }
    return { version: 1, users: { ...users } };
  }

  async #replace(content: string): Promise<void> {
    const temporary = join(dirname(this.path), `.${basename(this.path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(content, 'utf8');
        // On disk before the rename: otherwise a power cut could leave an empty file in place.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
