import { tap } from 'rxjs';
import type { MiroInterceptor } from './miro-request.js';

/** Receives one line per attempt. Lines name the operation, method, path and status, never a secret. */
export type MiroLogger = (line: string) => void;

/** Logs each attempt when it ends: `GET /v2/boards/1 200 12ms get-specific-board 50cr #1`. */
export function requestLog(logger: MiroLogger): MiroInterceptor {
  return (request, next) => {
    const started = Date.now();
    const line = (outcome: string) =>
      `${request.method} ${request.path} ${outcome} ${Date.now() - started}ms ${request.operation.operationId} ${request.creditCost}cr #${request.attempt}`;
    return next(request).pipe(
      tap({
        next: (response) => logger(line(String(response.status))),
        error: (error: { status?: number; name?: string }) => logger(line(String(error.status ?? error.name ?? 'error'))),
      }),
    );
  };
}
