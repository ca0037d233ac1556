import { inspect } from 'node:util';
import { MiroError } from '../../../src/index.js';
import { SECRET_TOKEN } from './hostile-answer.js';

/** Records every unhandled rejection and uncaught exception while a suite runs. */
export function watchProcess() {
  const fired: unknown[] = [];
  const record = (reason: unknown) => fired.push(reason);
  return {
    fired,
    start: () => {
      process.on('unhandledRejection', record);
      process.on('uncaughtException', record);
    },
    stop: () => {
      process.off('unhandledRejection', record);
      process.off('uncaughtException', record);
    },
  };
}

/** Every view a user or a logger could take of an error, its causes included. */
function viewsOf(error: unknown): string[] {
  const views: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    const fields = current as { message?: unknown; stack?: unknown; cause?: unknown };
    views.push(String(fields.message), String(fields.stack), String(current), inspect(current, { depth: 8 }));
    try {
      views.push(JSON.stringify(current) ?? '');
    } catch (failure) {
      views.push(`JSON.stringify threw ${String(failure)}`);
    }
    current = fields.cause;
  }
  return views;
}

/**
 * Why `error` is not what a failed call of `getSpecificBoard(board)` must fail with: a
 * `MiroError` naming the operation, method and path, the token in none of its views.
 * Undefined when it is fine.
 */
export function failureProblem(error: unknown, board: string): string | undefined {
  if (!(error instanceof MiroError)) return `not a MiroError: ${inspect(error, { depth: 2 })}`;
  const { operationId, method, path } = error;
  if (operationId !== 'get-specific-board' || method !== 'GET' || path !== `/v2/boards/${board}`) {
    return `context missing: ${JSON.stringify({ operationId, method, path })} in ${error.name}: ${error.message}`;
  }
  if (viewsOf(error).some((view) => view.includes(SECRET_TOKEN))) return `the token appears in a view of ${error.name}: ${error.message}`;
  return undefined;
}

/** Runs `call` against a hard deadline, so that a call that never ends fails the property instead of the test run. */
export async function withinDeadline<T>(call: Promise<T>, deadlineMs: number): Promise<{ value?: T; error?: unknown; overdue?: true; ms: number }> {
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const overdue = new Promise<{ overdue: true; ms: number }>((resolve) => {
    timer = setTimeout(() => resolve({ overdue: true, ms: Date.now() - started }), deadlineMs);
  });
  const settled = call.then(
    (value) => ({ value, ms: Date.now() - started }),
    (error: unknown) => ({ error, ms: Date.now() - started }),
  );
  const outcome = await Promise.race([settled, overdue]);
  clearTimeout(timer);
  return outcome;
}
