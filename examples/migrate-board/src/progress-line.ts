import type { RunStats } from '../../board-copy/src/run-stats.js';

/** What one progress line shows, read from the run's counters at one moment. */
export interface ProgressSnapshot {
  phase: string;
  pass: number;
  itemsSettled: number;
  /** Items on the source, once known. */
  itemsTotal?: number;
  /** Time in the current phase and items settled in it: the time left comes from this rate alone. */
  phaseElapsedMs: number;
  phaseSettled: number;
  /** In a later pass: what it retries, and how many of those it has settled. */
  retries?: { settled: number; total: number };
  tagLinks: number;
  connectors: number;
  failed: number;
  /** Credits of the last complete window (else the current one so far), against its budget. */
  windowCredits?: { credits: number; budget: number; complete: boolean };
  elapsedMs: number;
  queued: number;
  /** The limiter's window: Miro's is a minute; the demo's simulator scales it down. */
  windowMs: number;
}

const MINUTE_MS = 60_000;
const BAR_MAX = 30;
const BAR_MIN = 10;
/** Phases after the items, whose own counts the line shows. */
const LATER_PHASES = ['tags', 'tag links', 'connectors', 'done'];

export function snapshotOf(stats: RunStats, queued: number, windowMs: number, windowCredits?: ProgressSnapshot['windowCredits']): ProgressSnapshot {
  const attachments = stats.attachments;
  const connectors = stats.connectors;
  const phase = stats.phaseProgress;
  const retries = stats.retries;
  return {
    phase: stats.phase,
    pass: stats.pass,
    itemsSettled: stats.itemsSettled,
    itemsTotal: stats.sourceTotal,
    phaseElapsedMs: phase.elapsedMs,
    phaseSettled: phase.settled,
    ...(retries ? { retries } : {}),
    tagLinks: attachments.created + attachments.adopted + attachments.done,
    connectors: connectors.created + connectors.adopted + connectors.done,
    failed: stats.failures.size,
    ...(windowCredits ? { windowCredits } : {}),
    elapsedMs: stats.elapsedMs,
    queued,
    windowMs,
  };
}

/**
 * Credits against the budget of the window they were spent in: the last complete window, or the
 * current one before any is complete. Never a rate over elapsed time, which reads above the
 * budget when one window's credits are spent at its start and the next's soon after.
 */
export function creditsOfWindow(snapshot: Pick<ProgressSnapshot, 'windowCredits' | 'windowMs'>): string | undefined {
  const window = snapshot.windowCredits;
  if (!window) return undefined;
  const scale = snapshot.windowMs === MINUTE_MS ? '' : ` (${formatSeconds(snapshot.windowMs)} window here)`;
  const which = window.complete ? 'last window' : 'this window';
  return `${window.credits.toLocaleString('en-US')}/${window.budget.toLocaleString('en-US')} credits ${which}${scale}`;
}

/**
 * One progress line that fits `columns`: the item bar and time left only while items are
 * being copied (later phases have no known total, so they show counts, never a full bar that
 * looks finished), then what fits of the rest, least important last.
 */
export function formatProgressLine(snapshot: ProgressSnapshot, columns: number): string {
  const width = Math.max(columns - 1, 20);
  const head = `${snapshot.pass > 1 ? `pass ${snapshot.pass} ` : ''}${snapshot.phase}`;
  const parts: string[] = [];
  // A later pass re-reads everything but only retries what failed: it counts those, not the board.
  const retries = snapshot.pass > 1 ? snapshot.retries : undefined;
  const copyingItems = snapshot.pass <= 1 && (snapshot.phase === 'frames' || snapshot.phase === 'items');
  const total = snapshot.itemsTotal;
  if (retries) parts.push(`${Math.min(retries.settled, retries.total)}/${retries.total} retried`);
  else if (total !== undefined && total > 0) parts.push(`${Math.min(snapshot.itemsSettled, total)}/${total} items`);
  const eta = copyingItems && total !== undefined ? timeLeft(snapshot, total) : undefined;
  if (eta) parts.push(eta);
  if (LATER_PHASES.includes(snapshot.phase)) {
    parts.push(`${snapshot.tagLinks} tag links`, `${snapshot.connectors} connectors`);
  }
  const credits = creditsOfWindow(snapshot);
  if (credits) parts.push(credits);
  if (snapshot.queued > 0) parts.push(`${snapshot.queued} waiting for credits`);
  if (snapshot.failed > 0) parts.push(`${snapshot.failed} to retry`);
  let line = head;
  const room = width - head.length - 3;
  const barSize = Math.min(BAR_MAX, room - parts.slice(0, 2).join(' | ').length - 3);
  if (copyingItems && total !== undefined && total > 0 && barSize >= BAR_MIN) {
    const filled = Math.min(barSize, Math.floor((snapshot.itemsSettled / total) * barSize));
    line += ` [${'#'.repeat(filled)}${'-'.repeat(barSize - filled)}]`;
  }
  for (const part of parts) {
    const next = `${line} | ${part}`;
    if (next.length > width) break;
    line = next;
  }
  return line.slice(0, width);
}

/**
 * Time left at the rate of the current phase alone (time before it, reading boards, say, is no
 * measure of copying); undefined until there is a rate, or when nothing is left.
 */
function timeLeft(snapshot: ProgressSnapshot, total: number): string | undefined {
  const left = total - snapshot.itemsSettled;
  if (left <= 0 || snapshot.phaseSettled <= 0 || snapshot.phaseElapsedMs < 1_000) return undefined;
  const ms = (snapshot.phaseElapsedMs / snapshot.phaseSettled) * left;
  return Number.isFinite(ms) ? `ETA ${formatSeconds(ms)}` : undefined;
}

function formatSeconds(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  return seconds < 90 ? `${seconds}s` : `${Math.round(seconds / 60)}m`;
}
