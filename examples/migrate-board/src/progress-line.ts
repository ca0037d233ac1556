import type { RunStats } from '../../board-copy/src/run-stats.js';

/** What one progress line shows, read from the run's counters at one moment. */
export interface ProgressSnapshot {
  phase: string;
  pass: number;
  itemsSettled: number;
  /** Items on the source, once known. */
  itemsTotal?: number;
  tagLinks: number;
  connectors: number;
  failed: number;
  credits: number;
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

export function snapshotOf(stats: RunStats, queued: number, windowMs: number): ProgressSnapshot {
  const attachments = stats.attachments;
  const connectors = stats.connectors;
  return {
    phase: stats.phase,
    pass: stats.pass,
    itemsSettled: stats.itemsSettled,
    itemsTotal: stats.sourceTotal,
    tagLinks: attachments.created + attachments.adopted + attachments.done,
    connectors: connectors.created + connectors.adopted + connectors.done,
    failed: stats.failures.size,
    credits: stats.credits,
    elapsedMs: stats.elapsedMs,
    queued,
    windowMs,
  };
}

/**
 * Credits spent per Miro minute, the unit of Miro's budget (100,000 per user and app), averaged
 * over the windows begun so far (a limiter spends a window's budget at its start, so a mere
 * rate would read above the budget); on a scaled window (the demo's), the label says so.
 */
export function creditsPerMiroMinute(snapshot: Pick<ProgressSnapshot, 'credits' | 'elapsedMs' | 'windowMs'>): string {
  const windowsBegun = Math.max(1, Math.ceil(snapshot.elapsedMs / snapshot.windowMs));
  const perWindow = Math.round(snapshot.credits / windowsBegun);
  const scale = snapshot.windowMs === MINUTE_MS ? '' : ` (1 min = ${formatSeconds(snapshot.windowMs)} here)`;
  return `${perWindow.toLocaleString('en-US')} credits/Miro min${scale}`;
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
  const copyingItems = snapshot.phase === 'frames' || snapshot.phase === 'items';
  const total = snapshot.itemsTotal;
  if (total !== undefined && total > 0) parts.push(`${Math.min(snapshot.itemsSettled, total)}/${total} items`);
  // A reconciling pass re-checks items mostly found done: the first pass's rate says nothing of it.
  const eta = copyingItems && snapshot.pass <= 1 && total !== undefined ? timeLeft(snapshot, total) : undefined;
  if (eta) parts.push(eta);
  if (LATER_PHASES.includes(snapshot.phase)) {
    parts.push(`${snapshot.tagLinks} tag links`, `${snapshot.connectors} connectors`);
  }
  parts.push(creditsPerMiroMinute(snapshot));
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

/** Time left at the rate so far; undefined until there is a rate, or when nothing is left. */
function timeLeft(snapshot: ProgressSnapshot, total: number): string | undefined {
  const left = total - snapshot.itemsSettled;
  if (left <= 0 || snapshot.itemsSettled <= 0 || snapshot.elapsedMs < 1_000) return undefined;
  const ms = (snapshot.elapsedMs / snapshot.itemsSettled) * left;
  return Number.isFinite(ms) ? `ETA ${formatSeconds(ms)}` : undefined;
}

function formatSeconds(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  return seconds < 90 ? `${seconds}s` : `${Math.round(seconds / 60)}m`;
}
