import { concatMap, finalize, Observable, throwError, timeout } from 'rxjs';
import { MiroStorageError } from '../errors/oauth-errors.js';
import { redactedCopy } from '../errors/redact-token.js';
import type { MiroTokenState } from './token-state.js';

/** What `Miro` asks of `Storage.lockRefresh`. */
export interface RefreshLockRequest {
  /** Give up (reject) once this many milliseconds pass without the lock: `Miro`'s `storageTimeoutMs`. */
  waitMs: number;
  /** Aborted when `Miro` stops waiting: stop trying, and give back a lock obtained after that. */
  signal: AbortSignal;
}

/**
 * One user's refresh lock, held by this process until `release`: while it is held no other
 * process sharing the storage redeems the user's refresh token.
 */
export interface RefreshLock {
  /**
   * Writes `next` only if the stored state still carries `previous`'s refresh token (a
   * compare-and-swap fenced by the refresh token being replaced, which holds even if the lock
   * expired meanwhile). Resolves false, writing nothing, when something else replaced it.
   */
  replace(previous: MiroTokenState, next: MiroTokenState): Promise<boolean>;
  /** Gives the lock back; a lock that expired and was taken by another process is left alone. */
  release(): Promise<void>;
}

/** A storage that can make refreshes single-flight across processes. */
export interface LockingStorage {
  lockRefresh(userId: string, request: RefreshLockRequest): Promise<RefreshLock>;
}

// A storage that ignores `waitMs` is still cut off, a moment later so its own reason wins.
const GRACE_MS = 1_000;

/**
 * Runs `refresh` while holding the user's refresh lock, and releases it afterwards whatever
 * the outcome. Waiting for the lock is bounded by `waitMs`; a lock obtained after the wait was
 * given up is released at once, so a late answer never leaves a user locked.
 */
export function withRefreshLock$<T>(
  storage: LockingStorage,
  userId: string,
  waitMs: number,
  secrets: () => readonly string[],
  refresh: (lock: RefreshLock) => Observable<T>,
): Observable<T> {
  const lock$ = new Observable<RefreshLock>((subscriber) => {
    const abort = new AbortController();
    let wanted = true;
    Promise.resolve()
      .then(() => storage.lockRefresh(userId, { waitMs, signal: abort.signal }))
      .then(
        (lock) => {
          if (!wanted) return void releaseQuietly(lock);
          subscriber.next(lock);
          subscriber.complete();
        },
        (error: unknown) => subscriber.error(new MiroStorageError('lock', userId, redactedCopy(error, secrets()))),
      );
    return () => {
      wanted = false;
      abort.abort();
    };
  });
  return lock$.pipe(
    timeout({
      first: waitMs + GRACE_MS,
      with: () => throwError(() => new MiroStorageError('lock', userId, new Error(`no lock within ${waitMs} ms (storageTimeoutMs)`), waitMs)),
    }),
    concatMap((lock) => refresh(lock).pipe(finalize(() => void releaseQuietly(lock)))),
  );
}

/** A release that fails (storage down) is dropped: the lock's own expiry frees it. */
function releaseQuietly(lock: RefreshLock): Promise<void> {
  return Promise.resolve()
    .then(() => lock.release())
    .catch(() => undefined);
}
