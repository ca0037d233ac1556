import type Bottleneck from 'bottleneck';
import { beatOnce, stopOwnHeartbeat } from '../bottleneck-queue-control.js';

/**
 * Bottleneck's Redis heartbeat, once per process instead of once per budget. Bottleneck gives
 * every limiter its own 250 ms timer that runs a script in Redis for ever, so 10,000 budgets
 * meant 10,000 timers and 40,000 scripts a second even with nothing to do. The heartbeat only
 * matters to a budget with calls queued here: it publishes the budget's capacity (a message lost
 * over a Redis reconnect is made good within a beat), expires the jobs of a crashed process and
 * keeps this process "seen" by Redis while it waits. So one timer beats exactly the budgets with
 * queued calls, and stops when none has any. A budget with nothing queued talks to Redis only
 * when it submits, which runs the same bookkeeping (and re-registers a client Redis forgot).
 */
export const HEARTBEAT_MS = 250;

const waiting = new Set<Bottleneck>();
let timer: ReturnType<typeof setInterval> | undefined;

/** Replaces `limiter`'s own heartbeat timer by the process's one; returns the function that detaches it. */
export function beatWhileQueued(limiter: Bottleneck): () => void {
  // Bottleneck starts its timer when the limiter is ready; stop it there, before it ever fires.
  limiter.ready().then(
    () => stopOwnHeartbeat(limiter),
    () => undefined,
  );
  let attached = true;
  // Bottleneck's emitter has no way to remove one listener: a detached limiter's is inert.
  limiter.on('queued', () => {
    if (!attached) return;
    waiting.add(limiter);
    // Ref'd, as Bottleneck's own was while calls are queued: a script waiting for credits stays alive.
    timer ??= setInterval(beat, HEARTBEAT_MS);
  });
  return () => {
    attached = false;
    waiting.delete(limiter);
  };
}

/** How many budgets the process's heartbeat is beating for (tests, benchmark). */
export function beatingBudgets(): number {
  return waiting.size;
}

function beat(): void {
  for (const limiter of waiting) {
    if (limiter.queued() === 0) {
      waiting.delete(limiter);
      continue;
    }
    // Redis down: the calls queued here fail by their own bounded wait; the beat tries again.
    beatOnce(limiter).catch(() => undefined);
  }
  if (waiting.size > 0) return;
  clearInterval(timer);
  timer = undefined;
}
