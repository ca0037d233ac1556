import type { BackupProgress, BackupSummary } from './backup-org.js';

/** One line that rewrites itself on a terminal; nothing when output is not a terminal. */
export function progressLine(quiet: boolean): (progress: BackupProgress) => void {
  if (quiet || !process.stderr.isTTY) return () => undefined;
  return (p) => process.stderr.write(`\rsaved ${p.saved}/${p.wanted} boards · failed ${p.failed} · jobs created ${p.jobsCreated}, resumed ${p.jobsResumed}   `);
}

export function formatSummary(summary: BackupSummary, dir: string): string {
  const lines = [
    `saved   ${summary.saved} of ${summary.wanted} boards into ${dir}`,
    `failed  ${summary.failed}`,
    `jobs    ${summary.jobsCreated} created, ${summary.jobsResumed} resumed`,
    `manifest ${summary.manifest}`,
  ];
  for (const failure of summary.failures) {
    lines.push(`  ${failure.boardId}: ${failure.reason}${failure.temporary ? ' (temporary: rerun to try again)' : ''}`);
  }
  return lines.join('\n');
}
