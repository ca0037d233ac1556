/** How failed attempts are retried. `false` turns retries off. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
}
