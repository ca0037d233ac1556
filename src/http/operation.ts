import type { ZodMiniType } from 'zod/mini';
import type { ValidationIssue } from '../errors/miro-errors.js';

/** HTTP methods that Miro's REST API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Miro's rate-limit levels; each costs a fixed number of credits per call. */
export type RateLimitLevel = 1 | 2 | 3 | 4;

/** How an operation pages its results, if it does. */
export type PaginationStyle = 'cursor' | 'offset' | 'scim' | 'none';

/** Which base URL an operation is sent to: the REST API, or the SCIM provisioning API. */
export type ApiServer = 'rest' | 'scim';

/** Content types of request bodies in Miro's document. */
export type BodyContentType = 'application/json' | 'application/scim+json' | 'multipart/form-data';

/** One query parameter, as the document declares it. */
export interface QueryParameter {
  /** Name on the wire, e.g. `parent_item_id`. */
  readonly name: string;
  /** Key in the query object a caller passes, e.g. `parentItemId`. */
  readonly key: string;
  readonly required: boolean;
  /** Declared JSON type; `unknown` when the document gives none. */
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'unknown';
  /** Arrays are sent as repeated parameters unless this is false (then comma-joined). */
  readonly explode?: boolean;
}

/** One multipart part: a single file, several files, or a JSON document. */
export interface MultipartPart {
  readonly name: string;
  readonly kind: 'file' | 'files' | 'json';
  readonly required: boolean;
}

/** Page-size bounds of a paginated operation, when the document states them. */
export interface PageSize {
  readonly min?: number;
  readonly max?: number;
  readonly default?: number;
}

/** Everything the client knows about one operation. Generated from the OpenAPI document. */
export interface OperationDescriptor {
  /** Miro's operationId, e.g. `get-specific-board`. */
  readonly operationId: string;
  /** The `MiroApi` method (and `miro-rx/operations` function) that sends it, e.g. `getSpecificBoard`. */
  readonly methodName: string;
  readonly method: HttpMethod;
  /** Path template after normalisation, e.g. `/v2/boards/{board_id}/items`. */
  readonly path: string;
  readonly server: ApiServer;
  /** Path parameter names in URL order. */
  readonly pathParameters: readonly string[];
  readonly queryParameters: readonly QueryParameter[];
  readonly body?: {
    readonly contentType: BodyContentType;
    readonly required: boolean;
    /** Present for multipart bodies. */
    readonly parts?: readonly MultipartPart[];
    /** Names of int64 fields: a digit string given for one is sent as a JSON number. */
    readonly int64Fields?: readonly string[];
  };
  /** Miro's rate-limit level; `null` for operations outside the credit budget (OAuth, SCIM). */
  readonly rateLimitLevel: RateLimitLevel | null;
  /** Credits one call costs; for bulk operations, the cost of one item. */
  readonly creditCost: number;
  /** True when the cost is charged per item in the request (bulk creation). */
  readonly chargedPerItem: boolean;
  readonly pagination: PaginationStyle;
  readonly pageSize?: PageSize;
  /** Other operations sent with the same method and URL, told apart by query or content type. */
  readonly sharesRouteWith: readonly string[];
  /** True when success answers carry no body (204). */
  readonly emptyResponse: boolean;
  /**
   * True when some documented success carries no body (a 204, or a code with no content): every
   * `emptyResponse` operation, and one whose answers vary (update-board's 202). When false, an
   * empty success cannot be the operation's answer and fails (`invalidResponseBody`).
   */
  readonly successMayBeEmpty: boolean;
  readonly deprecated: boolean;
}

/** Zod validators of one operation's input, checked before anything is sent. */
export interface OperationValidators {
  readonly path: ZodMiniType;
  readonly query?: ZodMiniType;
  readonly body?: ZodMiniType;
  /**
   * Limits the document states only in prose (a bulk upload's 20 files and 6 MB), checked after
   * the body schema; returns the issues it finds.
   */
  readonly bodyLimits?: (body: object) => readonly ValidationIssue[];
}

/**
 * A descriptor together with its validators: what an operation function hands to its client.
 * Validators are built on first use, so importing an operation's module costs nothing.
 */
export interface Operation extends OperationDescriptor {
  readonly input: () => OperationValidators;
  /**
   * Encodes a multipart body (files/multipart-body.ts): carried by the operations that send
   * files, so that an app calling only JSON operations bundles no file code.
   */
  readonly multipartBody?: (parts: readonly MultipartPart[], body: Record<string, unknown>) => FormData;
}
