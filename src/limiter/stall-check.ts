import { creditRefusals } from '../errors/error-factory.js';
import type { QueuedCall } from './queued-call.js';

/** How often queued calls are checked for a stalled store. */
const STALL_CHECK_MS = 1_000;

/**
 * A call queued past its `maxWaitMs`, with nothing in flight and no window ahead that explains
 * the wait (the last one ended over `maxWaitMs` ago, or none was learnt), waits on a store that
 * stopped answering: Redis went away after it was queued. It fails, nothing sent, instead of
 * waiting for ever; a limiter that is merely busy always has a window ahead or calls in flight.
 */
export function failStalled(waiting: readonly QueuedCall[], windowEndsAt: number | undefined, now = Date.now()): void {
  for (const call of waiting) {
    if (now - call.queuedAt <= call.maxWaitMs) continue;
    if (windowEndsAt !== undefined && windowEndsAt + call.maxWaitMs > now) continue;
    const why = `no credits granted in ${now - call.queuedAt} ms and no window ahead: the rate limiter's store is not answering (Redis down?); nothing was sent`;
    call.fail(creditRefusals.storeUnavailable(call.request, why));
  }
}

/** Runs a stall check once a second while calls are queued, and not at all otherwise. */
export class StallCheck {
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly check: () => void) {}

  watch(queued: boolean): void {
    if (!queued) return this.close();
    if (this.#timer) return;
    this.#timer = setInterval(this.check, STALL_CHECK_MS);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
