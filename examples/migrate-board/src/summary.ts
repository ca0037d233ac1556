import type { CopyCounts, RunStats } from '../../board-copy/src/run-stats.js';

/** The end-of-run report, one line per kind of thing, then usage and failures. */
export function formatSummary(stats: RunStats, options: { dryRun?: boolean } = {}): string {
  const created = options.dryRun ? 'would create' : 'created';
  const line = (label: string, counts: CopyCounts) =>
    `${label.padEnd(12)} read ${counts.read}, ${created} ${counts.created}, recovered ${counts.adopted}, already done ${counts.done}, unsupported ${counts.unsupported}`;
  const failures = [...stats.failures.values()];
  const lines = [
    options.dryRun ? 'Dry run: nothing was created and the journal was left as it was.' : 'Summary',
    line('items', stats.items),
    line('tags', stats.tags),
    line('tag links', stats.attachments),
    line('connectors', stats.connectors),
    `failed       ${failures.length}${failures.length ? ` (run again to retry them): ${failures.slice(0, 5).join('; ')}${failures.length > 5 ? '; ...' : ''}` : ''}`,
    `requests     ${stats.requests}, credits ${stats.credits.toLocaleString('en-US')}, time ${(stats.elapsedMs / 1000).toFixed(1)} s`,
  ];
  if (stats.unrecognisedOnTarget > 0) {
    lines.push(`note         ${stats.unrecognisedOnTarget} item(s) on the target match no source item and were left alone (added by someone else?)`);
  }
  return lines.join('\n');
}
