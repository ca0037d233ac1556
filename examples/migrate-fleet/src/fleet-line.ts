import type { TrackedBoard } from './fleet-tracker.js';

/** One moment of the fleet, as the live line shows it. */
export interface FleetSnapshot {
  elapsedMs: number;
  done: number;
  running: number;
  waiting: number;
  failed: number;
  /** Items settled per second over the last few seconds. */
  itemsPerSecond: number;
  /** Per user: credits by window end (epoch ms). */
  credits: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** Each user's budget per window. */
  budget: number;
  /** Now, in epoch ms: windows ending before it are complete. */
  now: number;
}

const number = (value: number) => Math.round(value).toLocaleString('en-US');

/**
 * Credits of each user in the last complete window, against the budget of that window: a credit
 * is counted in the window it was spent in, so a full window reads as the budget, never above
 * it. Before any window is complete, the current one's credits so far.
 */
export function creditsPerUserWindow(snapshot: Pick<FleetSnapshot, 'credits' | 'budget' | 'now'>): string {
  const ends = [...snapshot.credits.values()].flatMap((windows) => [...windows.keys()]);
  const complete = ends.filter((end) => end <= snapshot.now);
  const shown = complete.length > 0 ? Math.max(...complete) : ends.length > 0 ? Math.min(...ends) : undefined;
  if (shown === undefined) return '';
  const parts = [...snapshot.credits].map(([user, windows]) => `${user} ${number(windows.get(shown) ?? 0)}`);
  const which = complete.length > 0 ? 'last full window' : 'this window so far';
  return `credits/user-min (${which}, budget ${number(snapshot.budget)}): ${parts.join(', ')}`;
}

/** The live line: boards by state, throughput, then credits; cut to `columns`. */
export function formatFleetLine(snapshot: FleetSnapshot, columns: number): string {
  const parts = [
    `boards ${snapshot.done} done, ${snapshot.running} running, ${snapshot.waiting} waiting, ${snapshot.failed} failed`,
    `${number(snapshot.itemsPerSecond)} items/s`,
  ];
  const credits = creditsPerUserWindow(snapshot);
  if (credits) parts.push(credits);
  return `[${(snapshot.elapsedMs / 1000).toFixed(1)} s] ${parts.join(' | ')}`.slice(0, Math.max(20, columns - 1));
}

/** The final report: totals, each user's busiest window against the budget, then every failure. */
export function formatFleetReport(boards: readonly TrackedBoard[], snapshot: FleetSnapshot): string {
  const done = boards.filter((board) => board.state === 'done');
  const copied = done.flatMap((board) => (board.result ? [board.result] : []));
  const failed = boards.filter((board) => board.state === 'failed');
  const sum = (pick: (result: NonNullable<TrackedBoard['result']>) => number) => copied.reduce((total, result) => total + pick(result), 0);
  const lines = [
    'Fleet report',
    `boards       ${boards.length}: ${done.length} copied, ${failed.length} failed, ${boards.length - done.length - failed.length} unfinished`,
    `items        read ${number(sum((b) => b.items.read))}, created ${number(sum((b) => b.items.created))}, recovered ${number(sum((b) => b.items.adopted))}, already done ${number(sum((b) => b.items.done))}, unsupported ${number(sum((b) => b.items.unsupported))}`,
    `tag links    ${number(sum((b) => b.tagLinks))}, connectors ${number(sum((b) => b.connectors))}`,
  ];
  for (const [user, windows] of snapshot.credits) {
    const values = [...windows.values()];
    const busiest = Math.max(0, ...values);
    lines.push(
      `credits      ${user}: ${number(values.reduce((a, b) => a + b, 0))} in ${values.length} window(s), busiest ${number(busiest)} of ${number(snapshot.budget)}`,
    );
  }
  for (const board of failed) lines.push(`failed       ${board.id}: ${board.reason ?? 'no reason given'}`);
  lines.push(`time         ${(snapshot.elapsedMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}
