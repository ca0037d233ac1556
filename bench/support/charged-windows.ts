import { tap } from 'rxjs';
import type { MiroInterceptor } from '../../src/index.js';

/** A call the server charged: its credits, and the end of the window that charged them (epoch ms). */
export interface Charge {
  credits: number;
  resetAt: number;
  /** A bulk create (an import's call), as opposed to a read. */
  bulk: boolean;
}

/**
 * Records each answered call with the window its `X-RateLimit-Reset` names. The simulator's log
 * stamps a call when it arrives but charges it after reading its body, so counting by arrival
 * moves a call that arrives in a window's last milliseconds into the window before (seen: a
 * window "0.90 used" that the server had charged in full).
 */
export function recordCharges(charges: Charge[]): MiroInterceptor {
  return (request, next) =>
    next(request).pipe(
      tap((response) => {
        if (response.rateLimit) charges.push({ credits: request.creditCost, resetAt: response.rateLimit.resetAt, bulk: request.itemCount > 1 });
      }),
    );
}

/** Credits charged in each window, by window start, every window from the first to the last charged one (empty ones as 0). */
export function creditsByWindow(charges: readonly Charge[], windowMs: number): { start: number; credits: number; bulk: number }[] {
  const byStart = new Map<number, { credits: number; bulk: number }>();
  for (const { credits, resetAt, bulk } of charges) {
    const window = byStart.get(resetAt - windowMs) ?? { credits: 0, bulk: 0 };
    window.credits += credits;
    if (bulk) window.bulk += credits;
    byStart.set(resetAt - windowMs, window);
  }
  const starts = [...byStart.keys()].sort((a, b) => a - b);
  const windows: { start: number; credits: number; bulk: number }[] = [];
  for (let start = starts[0] ?? 0; starts.length && start <= starts.at(-1)!; start += windowMs) {
    windows.push({ start, ...(byStart.get(start) ?? { credits: 0, bulk: 0 }) });
  }
  return windows;
}

/** The use of full windows (a share of the budget each), their mean and min, and what was left out. */
export interface WindowFill {
  full: number[];
  mean: number;
  min: number;
  /** Use of the first window (entered part-way, so partial by nature). */
  first: number;
  /** Credits charged after the last full window. */
  tail: number;
}

/**
 * Everything queued at once: full windows are those after the first (entered part-way) while
 * what was still to send was at least a budget; the rest is the tail.
 */
export function fillWhileBacklogged(charges: readonly Charge[], budget: number, windowMs: number): WindowFill {
  const credits = creditsByWindow(charges, windowMs).map((w) => w.credits);
  const later = credits.slice(1);
  const full = later.filter((_, i) => later.slice(i).reduce((sum, c) => sum + c, 0) >= budget).map((c) => c / budget);
  return summary(
    full,
    credits[0] ?? 0,
    later.slice(full.length).reduce((sum, c) => sum + c, 0),
    budget,
  );
}

/**
 * An import with reads alongside: full windows are those after the first and before the one that
 * charged the import's last call (the import's own tail is partial by nature).
 */
export function fillDuringImport(charges: readonly Charge[], budget: number, windowMs: number): WindowFill {
  const windows = creditsByWindow(charges, windowMs);
  const lastImport = windows.map((w) => w.bulk > 0).lastIndexOf(true);
  const full = windows.slice(1, Math.max(1, lastImport)).map((w) => w.credits / budget);
  const tail = windows.slice(Math.max(1, lastImport)).reduce((sum, w) => sum + w.credits, 0);
  return summary(full, windows[0]?.credits ?? 0, tail, budget);
}

function summary(full: number[], first: number, tail: number, budget: number): WindowFill {
  return { full, mean: full.reduce((a, b) => a + b, 0) / full.length, min: Math.min(...full), first: first / budget, tail };
}
