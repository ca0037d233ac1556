import type { Observable } from 'rxjs';
import type { RateLimitState } from '../../../src/index.js';
import type { RunStats } from '../../board-copy/src/run-stats.js';
import { WindowCredits } from '../../board-copy/src/window-credits.js';
import { formatProgressLine, snapshotOf } from './progress-line.js';

/** How often the bar redraws. */
const REDRAW_MS = 200;
const MINUTE_MS = 60_000;
/** Piped output: a line at least this often, so a log never goes quiet through a long phase. */
export const LOG_EVERY_MS = 10_000;

export interface ProgressOptions {
  /** The limiter's window, to label a scaled simulator's window. Default a minute. */
  windowMs?: number;
  /** Where the line per phase goes when `stream` is not a terminal. Default stdout. */
  log?: (line: string) => void;
  /** Where the redrawn line goes on a terminal. Default stderr. */
  stream?: Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'>;
}

/**
 * Shows the run's progress. On a terminal: one line on stderr, redrawn in place and cut to
 * the terminal's width (it follows resizes; wrapping stays on). Elsewhere (CI logs, pipes):
 * a plain line when the phase changes and at least every 10 s. Returns a stopper, which leaves
 * nothing behind on the terminal, so that what the caller prints next is the last thing shown.
 */
export function startProgressBar(stats: RunStats, rateLimitState$: Observable<RateLimitState>, options: ProgressOptions = {}): () => void {
  const windowMs = options.windowMs ?? MINUTE_MS;
  let queued = 0;
  const credits = new WindowCredits();
  const subscription = rateLimitState$.subscribe((state) => {
    queued = state.queued;
    credits.observe(state);
  });
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const log = options.log ?? ((line: string) => console.log(line));
  let lastPhase = '';
  let lastLogAt = 0;
  const draw = () => {
    const shown = credits.shown(Date.now());
    const snapshot = snapshotOf(stats, queued, windowMs, shown && credits.budget !== undefined ? { ...shown, budget: credits.budget } : undefined);
    if (tty) {
      stream.write(`\r${formatProgressLine(snapshot, stream.columns || 80)}\x1b[K`);
      return;
    }
    const phaseKey = `${snapshot.pass}:${snapshot.phase}`;
    if (phaseKey === lastPhase && Date.now() - lastLogAt < LOG_EVERY_MS) return;
    lastPhase = phaseKey;
    lastLogAt = Date.now();
    log(`[${(snapshot.elapsedMs / 1000).toFixed(1)} s] ${formatProgressLine(snapshot, 200)}`);
  };
  const timer = setInterval(draw, REDRAW_MS);
  draw();
  return () => {
    clearInterval(timer);
    subscription.unsubscribe();
    if (tty) stream.write('\r\x1b[K');
    else draw();
  };
}
