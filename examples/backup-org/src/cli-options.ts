import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run backup -- [options]

Without MIRO_ACCESS_TOKEN: a demo on the Miro simulator (an organisation of 60 boards).
With MIRO_ACCESS_TOKEN (scope boards:export, an Enterprise organisation):
  --org ID          organisation to back up (or MIRO_ORG_ID)
  --boards A,B,...  only these boards (default: every board the token can list)
  --out DIR         backup folder (default ./miro-backup-<org>); rerun with the same folder to resume
  --format F        SVG (default), HTML or PDF
  --share N         share of the credit budget polling may use, 0 to 1 (default 0.1)
  --quiet           no progress line
`;

export interface CliOptions {
  help: boolean;
  quiet: boolean;
  org?: string;
  boards?: string[];
  out?: string;
  format: 'SVG' | 'HTML' | 'PDF';
  share?: number;
  /** For tests: another server than Miro's, and scaled pacing. */
  baseUrl?: string;
  windowMs?: number;
  pollMs?: number;
}

export function parseCliOptions(args: string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args,
    options: {
      help: { type: 'boolean', short: 'h' },
      quiet: { type: 'boolean' },
      org: { type: 'string' },
      boards: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      share: { type: 'string' },
      'base-url': { type: 'string' },
      'window-ms': { type: 'string' },
      'poll-ms': { type: 'string' },
    },
    strict: true,
  });
  const format = (values.format ?? 'SVG').toUpperCase();
  if (format !== 'SVG' && format !== 'HTML' && format !== 'PDF') throw new Error(`--format must be SVG, HTML or PDF, got ${values.format}`);
  const number = (name: string, value: string | undefined, max = Number.POSITIVE_INFINITY) => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!(parsed > 0) || parsed > max)
      throw new Error(`--${name} must be a number above 0${max < Number.POSITIVE_INFINITY ? ` and at most ${max}` : ''}, got ${value}`);
    return parsed;
  };
  return {
    help: values.help ?? false,
    quiet: values.quiet ?? false,
    org: values.org ?? env.MIRO_ORG_ID,
    boards: values.boards
      ?.split(',')
      .map((id) => id.trim())
      .filter(Boolean),
    out: values.out,
    format,
    share: number('share', values.share, 1),
    baseUrl: values['base-url'],
    windowMs: number('window-ms', values['window-ms']),
    pollMs: number('poll-ms', values['poll-ms']),
  };
}
