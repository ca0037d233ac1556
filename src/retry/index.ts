// Public exports of src/retry/ (re-exported through src/limiter/index.ts).
export type { RetryOptions } from './retry-options.js';
