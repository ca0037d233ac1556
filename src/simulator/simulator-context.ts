import type { OperationDescriptor } from '../http/operation.js';
import type { BoardStore } from './board-store.js';
import type { CreditLedger } from './credit-ledger.js';
import type { FaultInjector } from './faults.js';
import type { OAuthGrants } from './oauth-grants.js';
import type { RequestLog } from './request-log.js';
import type { ScimDirectory } from './scim-directory.js';
import type { TokenStore } from './token-store.js';
import type { MultipartForm } from './multipart-form.js';
import type { ExportJobs } from './export-jobs.js';

/** Everything one running simulator holds; route handlers receive it with each request. */
export interface SimulatorContext {
  store: BoardStore;
  tokens: TokenStore;
  /** Undefined when rate limiting is off. */
  ledger?: CreditLedger;
  log: RequestLog;
  faults: FaultInjector;
  oauth: OAuthGrants;
  scim: ScimDirectory;
  /** Organisations and their board export jobs. */
  exports: ExportJobs;
  now: () => number;
  /** Base URL once listening, used in `links`. */
  url: string;
  cors: boolean;
  latencyMs: number;
}

/** A request after routing, authentication and body parsing. */
export interface RouteRequest {
  sim: SimulatorContext;
  operation: OperationDescriptor;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body, form fields for url-encoded bodies, undefined when none. */
  body: unknown;
  /** Multipart bodies, read into memory. */
  form?: MultipartForm;
  /** Undefined only for public operations (OAuth endpoints). */
  userId?: string;
  /** The Bearer token, for token-info and revocation; never logged. */
  token?: string;
}

/** What a handler answers. */
export interface RouteAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** User to name in the log when the request carried no Bearer token (token endpoint). */
  logUserId?: string;
}

/** One simulated operation. */
export interface SimulatedOperation {
  /** Answer without a Bearer token (OAuth endpoints authenticate by their own means). */
  public?: boolean;
  /** Items a per-item operation is charged for; checked before acting. */
  itemCount?(request: RouteRequest): number;
  /** Acts and answers. Must check everything before changing state, and throw `SimulatorHttpError` to refuse. */
  handle(request: RouteRequest): RouteAnswer;
}

/** Handlers by operationId. */
export type OperationHandlers = Record<string, SimulatedOperation>;

/** The user of an authenticated request. */
export function userOf(request: RouteRequest): string {
  if (!request.userId) throw new Error(`${request.operation.operationId} needs an authenticated user`);
  return request.userId;
}
