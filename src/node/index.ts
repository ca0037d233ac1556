// Node-only helpers: files from paths and streams, budgets and tokens shared through Redis: miro-rx/node.
export { fileFromPath, type FileFromPathOptions } from './file-from-path.js';
export { fileFromStream, type FileFromStreamOptions, type FileStreamSource } from './file-from-stream.js';

import { useClusteredCreditStore } from '../limiter/shared-credit-limiters.js';
import { createRedisCreditStore } from '../limiter/redis/redis-credit-store.js';

// Loading this entry makes `rateLimit.redis` available; the browser entry never imports Redis code.
useClusteredCreditStore(createRedisCreditStore);

export { nodeHttpAxios } from './node-http-axios.js';
export { RedisTokenStorage, type RedisTokenStorageOptions } from './redis-token-storage.js';
export type { TokenCipher } from './stored-token-state.js';
