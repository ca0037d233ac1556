import { InMemoryStorage, type MiroTokenState, type RefreshLock, type RefreshLockRequest, type Storage } from '../../../src/index.js';

/**
 * An in-memory storage with `lockRefresh`, as several processes sharing one store would see it:
 * one lock per user handed out in turn, a compare-and-swap on the refresh token, and switches
 * for the faults (a lock that never comes, a replace that finds another state).
 */
export class LockingStorage implements Storage {
  readonly inner = new InMemoryStorage();
  readonly #holders = new Map<string, Promise<void>>();
  /** Locks handed out, released, and given back after their taker stopped waiting. */
  taken = 0;
  released = 0;
  /** When set, `lockRefresh` never resolves until `grantLate()`. */
  hold = false;
  #late: (() => void)[] = [];
  /** Called inside `replace` before comparing: lets a test swap the stored state under the holder. */
  beforeReplace: ((userId: string) => void) | undefined;
  lastRequest: RefreshLockRequest | undefined;

  get(userId: string): MiroTokenState | undefined {
    return this.inner.get(userId);
  }

  set(userId: string, state: MiroTokenState | undefined): void {
    this.inner.set(userId, state);
  }

  async lockRefresh(userId: string, request: RefreshLockRequest): Promise<RefreshLock> {
    this.lastRequest = request;
    if (this.hold) await new Promise<void>((resolve) => this.#late.push(resolve));
    // Queue behind the current holder: each taker waits for the one before it.
    const before = this.#holders.get(userId) ?? Promise.resolve();
    let free!: () => void;
    const mine = new Promise<void>((resolve) => (free = resolve));
    this.#holders.set(
      userId,
      before.then(() => mine),
    );
    await before;
    this.taken += 1;
    let held = true;
    return {
      replace: async (previous, next) => {
        this.beforeReplace?.(userId);
        if (this.inner.get(userId)?.refreshToken !== previous.refreshToken) return false;
        this.inner.set(userId, next);
        return true;
      },
      release: async () => {
        if (!held) return;
        held = false;
        this.released += 1;
        free();
      },
    };
  }

  /** Lets every held-back `lockRefresh` go on. */
  grantLate(): void {
    this.hold = false;
    for (const resolve of this.#late.splice(0)) resolve();
  }
}
