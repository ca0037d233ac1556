import type { Observable } from 'rxjs';
import type { RateLimitState } from '../../../src/index.js';
import { formatProgressLine, snapshotOf } from './progress-line.js';
import type { RunStats } from '../../board-copy/src/run-stats.js';

/** How often the bar redraws. */
const REDRAW_MS = 200;
const MINUTE_MS = 60_000;

export interface ProgressOptions {
  /** The limiter's window, to show credits per Miro minute on a scaled simulator. Default a minute. */
  windowMs?: number;
  /** Where the line per phase goes when stderr is not a terminal. Default stdout. */
  log?: (line: string) => void;
}

/**
 * Shows the run's progress. On a terminal: one line on stderr, redrawn in place and cut to
 * the terminal's width (it follows resizes; wrapping stays on). Elsewhere (CI logs, pipes):
 * one plain line per phase, so a log still shows where the run got to. Returns a stopper.
 */
export function startProgressBar(stats: RunStats, rateLimitState$: Observable<RateLimitState>, options: ProgressOptions = {}): () => void {
  const windowMs = options.windowMs ?? MINUTE_MS;
  let queued = 0;
  const subscription = rateLimitState$.subscribe((state) => (queued = state.queued));
  const stream = process.stderr;
  const tty = stream.isTTY === true;
  const log = options.log ?? ((line: string) => console.log(line));
  let lastPhase = '';
  const draw = () => {
    const snapshot = snapshotOf(stats, queued, windowMs);
    if (tty) {
      stream.write(`\r${formatProgressLine(snapshot, stream.columns || 80)}\x1b[K`);
      return;
    }
    const phaseKey = `${snapshot.pass}:${snapshot.phase}`;
    if (phaseKey === lastPhase) return;
    lastPhase = phaseKey;
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
