import { catchError, concatMap, defer, finalize, map, Observable, of, ReplaySubject, share, tap, throwError, timeout } from 'rxjs';
import { MiroOAuthError, MiroStorageError } from '../errors/oauth-errors.js';
import { redactedCopy } from '../errors/redact-token.js';
import { type LockingStorage, type RefreshLock, withRefreshLock$ } from './refresh-lock.js';
import type { Storage } from './storage.js';
import { isExpiring, type MiroTokenState, tokenStateProblem } from './token-state.js';

/** Sends a refresh-token grant for a user; supplied by `Miro` (it owns the client secret). */
export type RefreshGrant = (userId: string, state: MiroTokenState & { refreshToken: string }) => Observable<MiroTokenState>;

/**
 * Each user's tokens: reads them from the app's `Storage` on every call (another process may
 * have refreshed them), refreshes them when they expire, one refresh per user at a time.
 */
export class UserTokens {
  /** Refreshes under way, by user: every caller waiting on a user joins the same one. */
  readonly #refreshes = new Map<string, Observable<MiroTokenState>>();
  /** Counts the tokens this instance obtained per user, so a 401 can tell whether a newer one exists. */
  readonly #generations = new Map<string, number>();
  /** Refreshed states the storage refused to take: kept so the rotated refresh token is not lost. */
  readonly #unsaved = new Map<string, MiroTokenState>();

  constructor(
    private readonly storage: Storage,
    private readonly refreshMarginMs: number,
    private readonly refreshGrant: RefreshGrant,
    private readonly secrets: () => readonly string[],
    private readonly storageTimeoutMs: number,
  ) {}

  /** How many tokens this instance has obtained for the user so far. */
  generation(userId: string): number {
    return this.#generations.get(userId) ?? 0;
  }

  /** The stored state, checked; first retries saving a refreshed state the storage refused before. */
  current$(userId: string): Observable<MiroTokenState | undefined> {
    return defer(() => {
      const unsaved = this.#unsaved.get(userId);
      if (unsaved)
        return this.#write$(userId, unsaved).pipe(
          tap(() => this.#unsaved.delete(userId)),
          map(() => unsaved),
        );
      return defer(async () => this.storage.get(userId)).pipe(
        this.#bounded(),
        this.#storageFailure('get', userId),
        map((state) => {
          if (state === undefined || state === null) return undefined;
          const problem = tokenStateProblem(state);
          if (problem) throw new MiroStorageError('get', userId, new Error(`the stored state is invalid: ${problem}`));
          return state;
        }),
      );
    });
  }

  /** Stores a new state (after a code exchange): awaited, and counted as a new token. */
  store$(userId: string, state: MiroTokenState): Observable<void> {
    return this.#write$(userId, state).pipe(tap(() => this.#bump(userId)));
  }

  /** Deletes the user's state. */
  forget$(userId: string): Observable<void> {
    return defer(() => {
      this.#unsaved.delete(userId);
      return this.#write$(userId, undefined);
    });
  }

  /** A working access token for the user, refreshed first when it is about to expire. */
  accessToken$(userId: string): Observable<string> {
    return this.current$(userId).pipe(
      concatMap((state) => {
        if (!state) throw notAuthorized(userId, 'no token is stored for this user');
        return isExpiring(state, this.refreshMarginMs) ? this.refresh$(userId, state.accessToken) : of(state);
      }),
      map((state) => state.accessToken),
    );
  }

  /**
   * Refreshes the user's token, or joins the refresh already under way. `staleAccessToken` is
   * the token the caller found expiring: if storage by now holds another, fresh one, someone
   * else refreshed it and it is used as it is. Without it (after a 401) the refresh always runs,
   * unless a storage with a refresh lock saw another process refresh while this one waited.
   */
  refresh$(userId: string, staleAccessToken?: string): Observable<MiroTokenState> {
    const running = this.#refreshes.get(userId);
    if (running) return running;
    const storage = this.storage;
    const attempt$ = hasRefreshLock(storage) ? this.#lockedRefresh$(storage, userId, staleAccessToken) : this.#refreshStored$(userId, staleAccessToken);
    const refresh$ = attempt$.pipe(
      finalize(() => this.#refreshes.delete(userId)),
      // Once sent, a refresh runs to its end even if every caller leaves: Miro has rotated the
      // refresh token by then, and only storing the new one keeps the user authorised.
      share({ connector: () => new ReplaySubject<MiroTokenState>(1), resetOnError: true, resetOnComplete: true, resetOnRefCountZero: false }),
    );
    this.#refreshes.set(userId, refresh$);
    return refresh$;
  }

  /**
   * Single flight across processes: the refresh runs under the user's lock, and a token another
   * process stored while this one waited is used as it is. After a 401 the token to compare
   * with is the one stored before the wait (read then also to keep its tokens out of errors).
   */
  #lockedRefresh$(storage: LockingStorage, userId: string, staleAccessToken: string | undefined): Observable<MiroTokenState> {
    return this.current$(userId).pipe(
      concatMap((before) => {
        const secrets = () => [...this.secrets(), staleAccessToken, before?.accessToken, before?.refreshToken].filter((s) => s !== undefined);
        const stale = staleAccessToken ?? before?.accessToken;
        return withRefreshLock$(storage, userId, this.storageTimeoutMs, secrets, (lock) => this.#refreshStored$(userId, stale, lock));
      }),
    );
  }

  /** Reads the stored state and refreshes it, unless it is no longer `staleAccessToken`'s. */
  #refreshStored$(userId: string, staleAccessToken: string | undefined, lock?: RefreshLock): Observable<MiroTokenState> {
    return this.current$(userId).pipe(
      concatMap((state) => {
        if (!state) throw notAuthorized(userId, 'no token is stored for this user');
        const refreshedMeanwhile = staleAccessToken !== undefined && state.accessToken !== staleAccessToken;
        if (refreshedMeanwhile && !isExpiring(state, this.refreshMarginMs)) return of(state);
        if (state.refreshToken === undefined) throw notAuthorized(userId, 'the access token has expired and there is no refresh token');
        return this.#grantAndStore$(userId, state, lock).pipe(
          catchError((error: unknown) => (isRefused(error) ? this.#rotatedElsewhere$(userId, state, error, lock) : throwError(() => error))),
        );
      }),
    );
  }

  /**
   * Miro refused the refresh token. Another process sharing the storage may have spent it a
   * moment ago and stored the rotated one: read the storage once more, and use what it holds
   * now (refreshing it once if it is about to expire) before telling the user to log in again.
   */
  #rotatedElsewhere$(userId: string, spent: MiroTokenState, refusal: unknown, lock?: RefreshLock): Observable<MiroTokenState> {
    return this.current$(userId).pipe(
      concatMap((state) => {
        const newer = state !== undefined && state.refreshToken !== spent.refreshToken && state.accessToken !== spent.accessToken;
        if (!newer) return throwError(() => refusal);
        // Stored by the other process: used as it is, not written back over what may be newer still.
        if (!isExpiring(state, this.refreshMarginMs)) return of(state).pipe(tap(() => this.#bump(userId)));
        if (state.refreshToken === undefined) return throwError(() => refusal);
        return this.#grantAndStore$(userId, state, lock);
      }),
    );
  }

  /**
   * Sends the refresh grant and stores its answer (through the lock's compare-and-swap when
   * there is one); a write that failed keeps the answer for the next call.
   */
  #grantAndStore$(userId: string, state: MiroTokenState, lock?: RefreshLock): Observable<MiroTokenState> {
    return this.refreshGrant(userId, { ...state, refreshToken: state.refreshToken! }).pipe(
      concatMap((next) => {
        const written$ = lock ? this.#replace$(userId, lock, state, next) : this.#write$(userId, next).pipe(map(() => true));
        return written$.pipe(
          tap({ error: () => this.#unsaved.set(userId, next) }),
          concatMap((written) => (written ? of(next) : this.#storedInstead$(userId))),
        );
      }),
      tap(() => this.#bump(userId)),
    );
  }

  #replace$(userId: string, lock: RefreshLock, previous: MiroTokenState, next: MiroTokenState): Observable<boolean> {
    return defer(() => lock.replace({ ...previous }, { ...next })).pipe(this.#bounded(), this.#storageFailure('set', userId, next));
  }

  /**
   * The compare-and-swap found another state (the user logged in again meanwhile, say):
   * that one is newer than the refresh started from, so it wins; a deleted user stays deleted.
   */
  #storedInstead$(userId: string): Observable<MiroTokenState> {
    return this.current$(userId).pipe(
      map((state) => {
        if (!state) throw notAuthorized(userId, 'its tokens were deleted while they were being refreshed');
        return state;
      }),
    );
  }

  #write$(userId: string, state: MiroTokenState | undefined): Observable<void> {
    return defer(async () => {
      await this.storage.set(userId, state === undefined ? undefined : { ...state });
    }).pipe(this.#bounded(), this.#storageFailure('set', userId, state));
  }

  /** Fails a storage call that has not answered within `storageTimeoutMs`; a late answer is ignored. */
  #bounded<T>() {
    const ms = this.storageTimeoutMs;
    return timeout<T, Observable<never>>({ first: ms, with: () => throwError(() => new StorageTimeout(ms)) });
  }

  #storageFailure<T>(action: 'get' | 'set', userId: string, state?: MiroTokenState) {
    return (source$: Observable<T>): Observable<T> =>
      new Observable<T>((subscriber) =>
        source$.subscribe({
          next: (value) => subscriber.next(value),
          complete: () => subscriber.complete(),
          error: (error: unknown) => {
            if (error instanceof MiroStorageError) return subscriber.error(error);
            if (error instanceof StorageTimeout) return subscriber.error(new MiroStorageError(action, userId, error, error.timeoutMs));
            const secrets = [...this.secrets(), state?.accessToken, state?.refreshToken];
            subscriber.error(new MiroStorageError(action, userId, redactedCopy(error, secrets)));
          },
        }),
      );
  }

  #bump(userId: string): void {
    this.#generations.set(userId, this.generation(userId) + 1);
  }
}

function hasRefreshLock(storage: Storage): storage is Storage & LockingStorage {
  return typeof storage.lockRefresh === 'function';
}

/** The token endpoint refused the grant itself (invalid_grant and the like), not a network fault. */
function isRefused(error: unknown): boolean {
  return error instanceof MiroOAuthError && error.reason === 'token-refused' && (error.status === 400 || error.status === 401);
}

function notAuthorized(userId: string, why: string): MiroOAuthError {
  return new MiroOAuthError(`user ${userId} is not authorised: ${why}; send them to getAuthUrl() again`, {
    reason: 'not-authorized',
    userId,
  });
}

class StorageTimeout extends Error {
  override name = 'StorageTimeout';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms (storageTimeoutMs)`);
  }
}
