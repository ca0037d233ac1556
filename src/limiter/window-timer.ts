import { MAX_TIMER_DELAY_MS } from '../http/rate-limit-headers.js';

/**
 * One timer, at the end of the window the store knows of plus a margin for clock skew: it opens
 * the next window by the limiter's own clock (Bottleneck's refresh drifts, upstream #185).
 */
export class WindowTimer {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #dueAt: number | undefined;
  #held = false;

  constructor(
    private readonly marginMs: number,
    /** When the current window ends, as the store knows it. */
    private readonly windowEndsAt: () => number | undefined,
    private readonly onDue: (dueAt: number) => void,
  ) {}

  /** Sets the timer for the window the store knows of, unless it is already set for it. */
  schedule(): void {
    const dueAt = this.windowEndsAt();
    if (dueAt === undefined || dueAt === this.#dueAt) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#dueAt = dueAt;
    const delay = Math.max(0, dueAt + this.marginMs - Date.now());
    // Past 2^31-1 ms Node fires at once (and warns): wake up at the longest delay and look again.
    this.#timer = setTimeout(
      () => {
        this.#dueAt = undefined;
        if (delay > MAX_TIMER_DELAY_MS) return this.schedule();
        this.onDue(dueAt);
      },
      Math.min(delay, MAX_TIMER_DELAY_MS),
    );
    this.hold(this.#held);
  }

  /** Due and not yet run: the event loop is late (a busy process), which says nothing of the store. */
  overdue(now = Date.now()): boolean {
    return this.#dueAt !== undefined && now >= this.#dueAt + this.marginMs;
  }

  /**
   * In Node, the timer keeps the process alive exactly while calls wait for it. Left unref'd
   * with calls queued, a script whose every call waits for the next window would exit mid-run
   * with nothing said; ref'd when idle, it would keep a finished script running.
   */
  hold(held: boolean): void {
    this.#held = held;
    const timer = this.#timer as { ref?: () => void; unref?: () => void } | undefined;
    if (held) timer?.ref?.();
    else timer?.unref?.();
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
  }
}
