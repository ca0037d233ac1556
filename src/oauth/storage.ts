import type { RefreshLock, RefreshLockRequest } from './refresh-lock.js';
import type { MiroTokenState } from './token-state.js';

/**
 * Where `Miro` keeps each user's tokens: a database table, a key-value store, a file.
 * Both methods may be asynchronous; `Miro` awaits them and turns a rejection into a
 * `MiroStorageError`. `set(userId, undefined)` deletes the user's state (after a revoke).
 *
 * A `set` must replace the whole state at once: `Miro` never writes half a state, and a store
 * that could leave one (a crash between two columns) would lose a rotated refresh token.
 *
 * @example
 * ```ts
 * const storage: Storage = {
 *   get: async (userId) => (await db.tokens.findOne({ userId }))?.state,
 *   set: async (userId, state) =>
 *     state ? db.tokens.upsert({ userId }, { userId, state }) : db.tokens.delete({ userId }),
 * };
 * const miro = new Miro({ storage });
 * ```
 */
export interface Storage {
  /** The user's state, or undefined when the user has not authorised the app. */
  get(userId: string): MiroTokenState | undefined | Promise<MiroTokenState | undefined>;
  /** Replaces the user's state; `undefined` deletes it. */
  set(userId: string, state: MiroTokenState | undefined): void | Promise<void>;
  /**
   * Optional: makes refreshes single-flight across every process sharing this storage. When
   * present, `Miro` takes the user's lock before refreshing, reads the state again under it (a
   * process that held the lock before may have refreshed already), and stores a refreshed state
   * through `lock.replace`. Resolves once this process holds the lock; rejects when it cannot
   * have it within `request.waitMs`. `RedisTokenStorage` (`miro-rx/node`) implements it.
   */
  lockRefresh?(userId: string, request: RefreshLockRequest): Promise<RefreshLock>;
}
