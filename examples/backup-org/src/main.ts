// The backup script: every board of an organisation into a folder, resumable; with no token, the demo.
import path from 'node:path';
import { lastValueFrom, map, toArray } from 'rxjs';
import { MiroApi } from '../../../src/index.js';
import { backupOrg } from './backup-org.js';
import { parseCliOptions, USAGE, type CliOptions } from './cli-options.js';
import { formatSummary, progressLine } from './progress-line.js';
import { runDemo } from './run-demo.js';

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`backup-org: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const token = process.env.MIRO_ACCESS_TOKEN?.trim();
  if (!token) return runDemo({ quiet: options.quiet, format: options.format });
  if (!options.org) {
    console.error(`backup-org: name the organisation (--org or MIRO_ORG_ID)\n\n${USAGE}`);
    return 2;
  }
  const api = new MiroApi(token, {
    baseUrl: options.baseUrl ?? 'https://api.miro.com',
    ...(options.windowMs ? { rateLimit: { windowMs: options.windowMs } } : {}),
  });
  const dir = path.resolve(options.out ?? `miro-backup-${options.org}`);
  try {
    const boardIds =
      options.boards ??
      (await lastValueFrom(
        api.getAllBoards().pipe(
          map((board) => board.id!),
          toArray(),
        ),
      ));
    const summary = await backupOrg({
      api,
      orgId: options.org,
      boardIds,
      dir,
      format: options.format,
      exportOptions: {
        ...(options.share ? { maxBudgetShare: options.share } : {}),
        ...(options.windowMs ? { windowMs: options.windowMs } : {}),
        ...(options.pollMs ? { pollIntervalMs: options.pollMs, maxPollIntervalMs: Math.max(options.pollMs, 60_000) } : {}),
      },
      onProgress: progressLine(options.quiet),
    });
    if (!options.quiet && process.stderr.isTTY) process.stderr.write('\n');
    console.log(formatSummary(summary, dir));
    return summary.failures.length > 0 ? 1 : 0;
  } catch (error) {
    console.error(`backup-org: ${(error as Error).message}`);
    return 1;
  }
}

// Exit explicitly with the run's status, whatever handles are still open.
process.exit(await main());
