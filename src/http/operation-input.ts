/** Arguments of one call, as an operation function (or `MiroApi` method) collects them. */
export interface OperationInput {
  /** Path parameter values in URL order. */
  path: readonly unknown[];
  body?: unknown;
  query?: Record<string, unknown>;
}
