import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MiroApi } from '../../../src/index.js';
import { startMiroSimulator } from '../../../src/simulator/index.js';
import { backupOrg } from './backup-org.js';
import { formatSummary, progressLine } from './progress-line.js';

const DEMO_TOKEN = 'demo-backup-token';
/** Miro's budget on a 2-second window instead of a minute: polling paces itself 30 times faster. */
const DEMO_WINDOW_MS = 2_000;

/**
 * The demo: an organisation of 60 boards on the simulator, two that can never be exported and
 * three that fail once, backed up into a new folder under the system's temporary directory
 * (kept, to look at).
 */
export async function runDemo(options: { quiet: boolean; format: 'SVG' | 'HTML' | 'PDF' }): Promise<number> {
  const simulator = await startMiroSimulator({
    tokens: [DEMO_TOKEN],
    rateLimit: { budget: 100_000, windowMs: DEMO_WINDOW_MS },
    exports: { startDelayMs: 300, taskMs: 20 },
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'miro-backup-demo-'));
  try {
    const org = simulator.state.createOrganization({ boards: 60 });
    simulator.state.failBoardExports(org.boardIds.slice(0, 2), 'FATAL');
    simulator.state.failBoardExports(org.boardIds.slice(2, 5), 'TEMPORARY');
    const api = new MiroApi(DEMO_TOKEN, { baseUrl: simulator.url, rateLimit: { windowMs: DEMO_WINDOW_MS } });
    console.log(`demo: backing up organisation ${org.id} (60 boards) from the simulator at ${simulator.url}; 1 min = ${DEMO_WINDOW_MS / 1000}s here`);
    const summary = await backupOrg({
      api,
      orgId: org.id,
      boardIds: org.boardIds,
      dir,
      format: options.format,
      exportOptions: { windowMs: DEMO_WINDOW_MS, pollIntervalMs: 250, maxPollIntervalMs: 3_000 },
      onProgress: progressLine(options.quiet),
    });
    if (!options.quiet && process.stderr.isTTY) process.stderr.write('\n');
    console.log(formatSummary(summary, dir));
    const expected = summary.failures.length === 2 && summary.failures.every((failure) => !failure.temporary) && summary.saved === 58;
    console.log(expected ? 'demo: as expected, 58 boards saved (3 after a retry) and 2 reported as failed for good' : 'demo: unexpected outcome');
    return expected ? 0 : 1;
  } finally {
    await simulator.close();
  }
}
