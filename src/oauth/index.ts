// Public exports of src/oauth/: the Miro class, its storage and its errors.
export { Miro } from './miro.js';
export type { ExchangeOptions, MiroAuthRequest } from './callback-state.js';
export type { MiroOptions } from './miro-options.js';
export type { Storage } from './storage.js';
export type { RefreshLock, RefreshLockRequest } from './refresh-lock.js';
export { InMemoryStorage } from './in-memory-storage.js';
export type { MiroTokenState } from './token-state.js';
export { createOAuthState } from './oauth-state.js';
export { MiroOAuthError, MiroStorageError, type MiroOAuthErrorDetails, type MiroOAuthErrorReason } from '../errors/oauth-errors.js';
