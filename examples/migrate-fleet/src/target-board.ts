import type { Redis } from 'ioredis';
import { lastValueFrom, toArray } from 'rxjs';
import type { MiroApi } from '../../../src/index.js';
import { boardKeys } from './redis-journal-store.js';

/** Miro's longest board name. */
const MAX_NAME = 60;

/** The text a copy's name ends with, which is how a worker finds a copy its predecessor made. */
export function copyMarker(source: string): string {
  return `(copy of ${source})`;
}

/**
 * The target board of a source's copy, created once across workers. Its id is kept in Redis;
 * before creating, the worker notes that it is about to, so that a successor finding the note
 * but no id (the creator died between Miro's answer and the note of the id) looks for the board
 * by its name, which ends with {@link copyMarker}, before creating another.
 */
export async function targetBoardOf(api: MiroApi, redis: Redis, prefix: string, source: { id: string; name: string; owner: string }): Promise<string> {
  const key = boardKeys(prefix, source.id).target;
  const known = await redis.hget(key, 'id');
  if (known) return known;
  const marker = copyMarker(source.id);
  if (await redis.hget(key, 'creating')) {
    const found = await lastValueFrom(api.getAllBoards({ query: marker, owner: source.owner }).pipe(toArray()));
    const copy = found.find((board) => board.name.endsWith(marker));
    if (copy) {
      await redis.hset(key, 'id', copy.id);
      return copy.id;
    }
  }
  await redis.hset(key, 'creating', new Date().toISOString());
  const name = `${source.name.slice(0, Math.max(0, MAX_NAME - marker.length - 1))} ${marker}`.trim().slice(-MAX_NAME);
  const created = await lastValueFrom(api.createBoard({ name, description: `Copied from board ${source.id} by the miro-rx fleet` }));
  await redis.hset(key, 'id', created.id);
  return created.id;
}
