import type { Redis } from 'ioredis';
import type { Subscription } from 'rxjs';
import type { MiroApi } from '../../../src/index.js';
import { WindowCredits } from '../../board-copy/src/window-credits.js';

/** Windows kept per user: enough for a report of a long run, bounded so keys never grow without end. */
const WINDOWS_KEPT_MS = 24 * 3_600_000;

/** The Redis hash of a user's credits: window end (epoch ms) to credits spent in that window. */
export function creditsKey(prefix: string, userId: string): string {
  return `${prefix}:credits:${userId}`;
}

/**
 * Adds what this process's clients of `userId` spend to the fleet's tally in Redis, by the window
 * the limiter spent it in (see `WindowCredits`), so that the CLI shows each window against its
 * own budget instead of a rate that mixes two windows.
 */
export function meterCredits(api: MiroApi, redis: Redis, prefix: string, userId: string): Subscription {
  const key = creditsKey(prefix, userId);
  const windows = new WindowCredits();
  return api.rateLimitState$.subscribe((state) => {
    const placed = windows.observe(state);
    if (!placed) return;
    redis
      .multi()
      .hincrby(key, String(placed.windowEnd), placed.credits)
      .pexpire(key, WINDOWS_KEPT_MS)
      .exec()
      .catch(() => undefined);
  });
}

/** Every user's credits by window end, read back for the live view and the report. */
export async function readCredits(redis: Redis, prefix: string, users: readonly string[]): Promise<Map<string, Map<number, number>>> {
  const all = new Map<string, Map<number, number>>();
  for (const user of users) {
    const windows = await redis.hgetall(creditsKey(prefix, user));
    all.set(user, new Map(Object.entries(windows).map(([end, credits]) => [Number(end), Number(credits)])));
  }
  return all;
}
