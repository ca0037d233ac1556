import type { CreditStore } from './credit-store.js';
import { windowEndsAt } from './credit-window.js';
import type { QueuedCall } from './queued-call.js';

/** How long a probe waits after the store failed before trying again. */
export const PROBE_RETRY_MS = 250;

/**
 * Learning the window: while the limiter knows nothing of it (a new limiter, a window Redis
 * lost), exactly one call goes, alone, sized for the head of the queue; its answer's headers
 * open the budget.
 */
export class WindowProbe {
  #probing = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(
    private readonly store: CreditStore,
    /** The first call still waiting for credits. */
    private readonly head: () => QueuedCall | undefined,
    /** Applies a store change and what follows from it (the limiter's `afterStore`). */
    private readonly afterStore: (change: Promise<void>) => void,
  ) {}

  get probing(): boolean {
    return this.#probing;
  }

  /**
   * Sends a probe when the window is unknown and none is out. `arriving` is the weight of a call
   * still being submitted to Bottleneck (not in its queue yet), used when nothing is ahead of it.
   */
  ensure(arriving?: number): void {
    if (this.#probing || this.#closed || this.#known()) return;
    const weight = this.head()?.weight ?? arriving;
    if (weight === undefined) return;
    this.#probing = true;
    this.afterStore(this.store.probe(weight));
  }

  /** The probe ended without telling anything (network error, cancel): let the next one try. */
  ended(): void {
    if (this.#known()) return;
    this.#probing = false;
    this.ensure();
  }

  /**
   * The store failed. Tried again at once, a store that fails at once (its Redis connection
   * closed, its handshake failed for good) made a promise loop that never yielded to the event
   * loop: the process spun at full CPU and no timer, I/O or test timeout ever ran again.
   */
  failed(): void {
    if (this.#retry || this.#closed) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.ended();
    }, PROBE_RETRY_MS);
  }

  /** The limiter closed: no probe goes any more. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#retry = undefined;
  }

  /** After a store change: a known window ends the probe; a lost one (Redis key evicted) is learnt again. */
  settle(): void {
    if (this.#known()) this.#probing = false;
    else this.ensure();
  }

  #known(): boolean {
    return windowEndsAt(this.store.window) !== undefined;
  }
}
