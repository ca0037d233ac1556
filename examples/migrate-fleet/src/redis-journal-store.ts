import type { Redis } from 'ioredis';
import type { JournalRecord } from '../../board-copy/src/journal-record.js';
import type { JournalStore } from '../../board-copy/src/journal-store.js';

/**
 * Appends records only while `owner` still holds the board: a worker that stalled (its BullMQ
 * lock expired while it was frozen) and woke up after another worker took the board over must
 * not write into the journal the new owner is working from.
 */
const APPEND_IF_OWNER = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return redis.error_reply('OWNER board taken over by another worker') end
for i = 2, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
return #ARGV - 1`;

/** Redis keys of one board's copy. */
export function boardKeys(prefix: string, sourceBoardId: string): { journal: string; owner: string; target: string } {
  const base = `${prefix}:board:{${sourceBoardId}}`;
  return { journal: `${base}:journal`, owner: `${base}:owner`, target: `${base}:target` };
}

/**
 * A board copy's journal in Redis, shared by every worker: a list of JSON records. Loading it
 * makes `owner` (the BullMQ lock token of the job) the board's only writer, so a worker that
 * takes over a board after another died resumes from everything the dead one recorded, and the
 * dead one (should it come back) can no longer add to it.
 */
export class RedisJournalStore implements JournalStore {
  readonly location: string;
  readonly #keys: ReturnType<typeof boardKeys>;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    sourceBoardId: string,
    private readonly owner: string,
  ) {
    this.#keys = boardKeys(prefix, sourceBoardId);
    this.location = `redis ${this.#keys.journal}`;
  }

  async load(): Promise<JournalRecord[]> {
    await this.redis.set(this.#keys.owner, this.owner);
    const lines = await this.redis.lrange(this.#keys.journal, 0, -1);
    return lines.map((line, index) => {
      try {
        return JSON.parse(line) as JournalRecord;
      } catch {
        throw new Error(`journal ${this.location} is corrupt at record ${index + 1}: not JSON; delete the key to start this board over`);
      }
    });
  }

  async append(records: readonly JournalRecord[]): Promise<void> {
    await this.redis.eval(APPEND_IF_OWNER, 2, this.#keys.journal, this.#keys.owner, this.owner, ...records.map((record) => JSON.stringify(record)));
  }

  async close(): Promise<void> {}
}
