import type { Operation } from '../http/operation.js';
import { MiroError, MiroValidationError, type RequestContext, type ValidationIssue } from './miro-errors.js';

/** The operation a call was for: enough to name it, its method and its path template. */
export type OperationRoute = Pick<Operation, 'operationId' | 'method' | 'path'>;

/** Why a token source gave no usable token. */
export type AccessTokenFailure = 'threw' | 'completed-empty' | 'empty-token';

/**
 * The access token source (the function given to `new MiroApi`) gave no usable token: it threw
 * or rejected (`cause` holds its error), completed without a value, or gave an empty string.
 * Nothing was sent. Not retried: the source is asked again by the next call.
 */
export class MiroAccessTokenError extends MiroError {
  override name = 'MiroAccessTokenError';
  /** Nothing reached Miro. */
  readonly sent = false;
  constructor(
    readonly reason: AccessTokenFailure,
    context?: Partial<RequestContext>,
    options?: { cause?: unknown },
  ) {
    super(accessTokenMessage(reason, options?.cause), context);
    if (options && 'cause' in options) (this as { cause?: unknown }).cause = options.cause;
  }
}

function accessTokenMessage(reason: AccessTokenFailure, cause: unknown): string {
  if (reason === 'completed-empty') return 'the access token source completed without a token; nothing was sent';
  if (reason === 'empty-token') return 'the access token is missing or empty; nothing was sent';
  const why = cause instanceof Error ? cause.message : String(cause);
  return `the access token source failed: ${why}; nothing was sent`;
}

/**
 * A token source's failure, as the token reader sees it: it does not know the call yet, so
 * the client adds the call's route with {@link withCallRoute}. A miro-rx error (a
 * `MiroOAuthError` from `Miro.as`, say) passes unchanged: it already says what failed.
 */
export function accessTokenFailure(reason: AccessTokenFailure, cause?: unknown): MiroError {
  if (reason === 'threw' && cause instanceof MiroError) return cause;
  return new MiroAccessTokenError(reason, undefined, reason === 'threw' ? { cause } : undefined);
}

/** A token failure without its call's route gets it; any other error passes unchanged. */
export function withCallRoute(error: unknown, route: OperationRoute, path: string): unknown {
  if (!(error instanceof MiroAccessTokenError) || error.operationId !== undefined) return error;
  const context = { operationId: route.operationId, method: route.method, path };
  return new MiroAccessTokenError(error.reason, context, error.reason === 'threw' ? { cause: error.cause } : undefined);
}

/**
 * A helper's own arguments are wrong (`bulkCreateItems`, `watchBoard`): a `MiroValidationError`
 * naming the operation the helper calls, its method and its path template, so that it reads
 * like the operations' own. Nothing was sent.
 */
export function invalidArguments(route: OperationRoute, issues: readonly ValidationIssue[]): MiroValidationError {
  return new MiroValidationError(route.operationId, issues, { method: route.method, path: route.path });
}

/**
 * A `MiroApi` was given where a `MiroClient` belongs (the first argument of an operation
 * function of `miro-rx/operations`).
 */
export function miroApiGivenAsClient(route: OperationRoute & { methodName?: string }): MiroError {
  const name = route.methodName ?? route.operationId;
  return new MiroError(`${name} takes a MiroClient as its first argument, and was given a MiroApi: pass \`api.client\`, or call \`api.${name}(...)\``, {
    operationId: route.operationId,
    method: route.method,
    path: route.path,
  });
}
