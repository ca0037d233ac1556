import cliProgress from 'cli-progress';
import type { Observable } from 'rxjs';
import type { RateLimitState } from '../../../src/index.js';
import type { RunStats } from './run-stats.js';

/** How often the bar redraws. */
const REDRAW_MS = 200;

/**
 * A one-line progress bar on stderr: phase, items done out of the source's total, credits per
 * minute (from the limiter's own count), requests waiting for credits, and time left. Draws
 * nothing when stderr is not a terminal (CI logs, tests). Returns a function that stops it.
 */
export function startProgressBar(stats: RunStats, rateLimitState$: Observable<RateLimitState>): () => void {
  if (!process.stderr.isTTY) return () => undefined;
  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} |{bar}| {value}/{total} items | {creditsPerMinute} credits/min | {queued} waiting for credits | ETA {eta_formatted}',
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let queued = 0;
  const subscription = rateLimitState$.subscribe((state) => (queued = state.queued));
  const payload = () => ({
    phase: stats.phase.padEnd(15),
    creditsPerMinute: Math.round((stats.credits / Math.max(stats.elapsedMs, 1_000)) * 60_000).toLocaleString('en-US'),
    queued,
  });
  let started = false;
  const draw = () => {
    // A bar with no total would read as full: wait until the source's size is known.
    if (stats.sourceTotal === undefined) return;
    const total = Math.max(stats.sourceTotal, stats.itemsSettled);
    if (!started) bar.start(total, stats.itemsSettled, payload());
    started = true;
    bar.setTotal(total);
    bar.update(stats.itemsSettled, payload());
  };
  const timer = setInterval(draw, REDRAW_MS);
  return () => {
    clearInterval(timer);
    subscription.unsubscribe();
    draw();
    if (started) bar.stop();
  };
}
