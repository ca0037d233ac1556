/**
 * miro-rx: a reactive client for Miro's REST API.
 * @packageDocumentation
 */
export { MiroApi } from './miro-api.js';
export { MiroClient, type MiroClientOptions } from './client/miro-client.js';
export type { MiroApiOptions } from './miro-api-options.js';
export type { MiroApiMethods } from './generated/miro-api-methods.js';
export type { AccessTokenSource } from './http/access-token.js';
export type { BodyOptions, CallOptions, MiroResponse, RateLimitHeaders, ResponseOptions } from './http/call-options.js';
export type { OperationInput } from './http/operation-input.js';
export {
  MiroApiError,
  MiroError,
  isMiroError,
  MiroNetworkError,
  MiroRateLimitError,
  MiroResponseTooLargeError,
  MiroTimeoutError,
  MiroValidationError,
  type MiroApiErrorDetails,
  type RequestContext,
  type ValidationIssue,
} from './errors/miro-errors.js';
export { MiroAccessTokenError, type AccessTokenFailure } from './errors/call-errors.js';
export type { MiroFile, MiroFileUpload } from './files/miro-file.js';
export type { MiroHandler, MiroHttpResponse, MiroInterceptor, MiroRequest } from './http/miro-request.js';
export type { MiroLogger } from './http/request-log.js';
export type {
  ApiServer,
  HttpMethod,
  Operation,
  OperationDescriptor,
  PaginationStyle,
  RateLimitLevel,
} from './http/operation.js';
export { CREDITS_PER_LEVEL } from './http/credit-cost.js';
export type { RateLimitOptions } from './limiter/rate-limit-options.js';
export type { RetryOptions } from './retry/retry-options.js';
export * from './limiter/index.js';
export * from './pagination/index.js';
export * from './bulk/index.js';
export * from './oauth/index.js';
export * from './watch/index.js';
export * from './export/index.js';
export { operationTable } from './generated/operations.js';
export { isItemOfType } from './items/is-item-of-type.js';
export type * from './generated/types.js';
