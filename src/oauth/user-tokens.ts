import { concatMap, defer, finalize, map, Observable, of, ReplaySubject, share, tap } from 'rxjs';
import { MiroOAuthError, MiroStorageError } from './oauth-errors.js';
import { redactedError } from './redact-secrets.js';
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
  ) {}

  /** How many tokens this instance has obtained for the user so far. */
  generation(userId: string): number {
    return this.#generations.get(userId) ?? 0;
  }

  /** The stored state, checked; first retries saving a refreshed state the storage refused before. */
  current$(userId: string): Observable<MiroTokenState | undefined> {
    return defer(() => {
      const unsaved = this.#unsaved.get(userId);
      if (unsaved) return this.#write$(userId, unsaved).pipe(tap(() => this.#unsaved.delete(userId)), map(() => unsaved));
      return defer(async () => this.storage.get(userId)).pipe(
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
   * else refreshed it and it is used as it is. Without it (after a 401) the refresh always runs.
   */
  refresh$(userId: string, staleAccessToken?: string): Observable<MiroTokenState> {
    const running = this.#refreshes.get(userId);
    if (running) return running;
    const refresh$ = this.current$(userId).pipe(
      concatMap((state) => {
        if (!state) throw notAuthorized(userId, 'no token is stored for this user');
        const refreshedMeanwhile = staleAccessToken !== undefined && state.accessToken !== staleAccessToken;
        if (refreshedMeanwhile && !isExpiring(state, this.refreshMarginMs)) return of(state);
        if (state.refreshToken === undefined) throw notAuthorized(userId, 'the access token has expired and there is no refresh token');
        return this.refreshGrant(userId, { ...state, refreshToken: state.refreshToken }).pipe(
          concatMap((next) =>
            this.#write$(userId, next).pipe(
              tap({ error: () => this.#unsaved.set(userId, next) }),
              map(() => next),
            ),
          ),
          tap(() => this.#bump(userId)),
        );
      }),
      finalize(() => this.#refreshes.delete(userId)),
      // Once sent, a refresh runs to its end even if every caller leaves: Miro has rotated the
      // refresh token by then, and only storing the new one keeps the user authorised.
      share({ connector: () => new ReplaySubject<MiroTokenState>(1), resetOnError: true, resetOnComplete: true, resetOnRefCountZero: false }),
    );
    this.#refreshes.set(userId, refresh$);
    return refresh$;
  }

  #write$(userId: string, state: MiroTokenState | undefined): Observable<void> {
    return defer(async () => {
      await this.storage.set(userId, state === undefined ? undefined : { ...state });
    }).pipe(this.#storageFailure('set', userId, state));
  }

  #storageFailure<T>(action: 'get' | 'set', userId: string, state?: MiroTokenState) {
    return (source$: Observable<T>): Observable<T> =>
      new Observable<T>((subscriber) =>
        source$.subscribe({
          next: (value) => subscriber.next(value),
          complete: () => subscriber.complete(),
          error: (error: unknown) => {
            if (error instanceof MiroStorageError) return subscriber.error(error);
            const secrets = [...this.secrets(), state?.accessToken, state?.refreshToken];
            subscriber.error(new MiroStorageError(action, userId, redactedError(error, secrets)));
          },
        }),
      );
  }

  #bump(userId: string): void {
    this.#generations.set(userId, this.generation(userId) + 1);
  }
}

function notAuthorized(userId: string, why: string): MiroOAuthError {
  return new MiroOAuthError(`user ${userId} is not authorised: ${why}; send them to getAuthUrl() again`, {
    reason: 'not-authorized',
    userId,
  });
}
