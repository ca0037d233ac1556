/**
 * Receives one line per attempt (src/transport/attempt-adapter.ts writes them), aborted ones
 * included: `GET /v2/boards/1 200 12ms get-specific-board 50cr #1`. Lines name the operation,
 * method, path and status, never a secret.
 */
export type MiroLogger = (line: string) => void;
