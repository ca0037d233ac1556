import { MiroError } from './miro-errors.js';

/**
 * A board export ran past its `maxWaitMs`. The jobs named are those still running on Miro's
 * side: follow them later with `resume: { jobIds }`, or cancel them.
 */
export class MiroExportTimeoutError extends MiroError {
  override name = 'MiroExportTimeoutError';
  constructor(
    /** Jobs that had not ended when the wait ran out. */
    readonly jobIds: readonly string[],
    readonly maxWaitMs: number,
  ) {
    super(
      jobIds.length > 0
        ? `board export did not finish within ${maxWaitMs} ms; job${jobIds.length === 1 ? '' : 's'} still running: ${jobIds.join(', ')}`
        : `board export did not finish within ${maxWaitMs} ms, before any job was created`,
    );
  }
}
