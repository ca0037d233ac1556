/**
 * Attribute names miro-rx adds to OpenTelemetry's HTTP ones, and its instruments' names. Kept
 * in one place: they are a contract with dashboards (docs/observability.md lists them).
 */
export const MIRO_ATTRIBUTES = {
  operationId: 'miro.operation.id',
  creditsCharged: 'miro.credits.charged',
  queuedMs: 'miro.credits.queued_ms',
  rateLimitLimit: 'miro.rate_limit.limit',
  rateLimitRemaining: 'miro.rate_limit.remaining',
  rateLimitResetAt: 'miro.rate_limit.reset_at',
  requestId: 'miro.request_id',
  budgetId: 'miro.budget.id',
  attempts: 'miro.attempts',
  calls: 'miro.calls',
} as const;

export const MIRO_METRICS = {
  /** OpenTelemetry's own name for it: dashboards built for HTTP clients read it as they are. */
  requestDuration: 'http.client.request.duration',
  creditsSpent: 'miro.client.credits.spent',
  rateLimited: 'miro.client.rate_limited',
  queueWait: 'miro.client.credits.queue_wait.duration',
  queued: 'miro.client.requests.queued',
  inFlight: 'miro.client.requests.in_flight',
} as const;

/** The instrumentation scope: the name an app filters miro-rx's spans and metrics by. */
export const INSTRUMENTATION_NAME = 'miro-rx';
