/**
 * A snapshot of a credit limiter, emitted by `MiroApi.rateLimitState$` after every change.
 * Clients sharing a budget share one limiter, so they see the same snapshots.
 *
 * @example
 * ```ts
 * api.rateLimitState$.subscribe((s) => bar.update(s.creditsSpent, { queued: s.queued }));
 * ```
 */
export interface RateLimitState {
  /** Credits per window this limiter plans for. */
  readonly budget: number;
  /** Credits the limiter may still grant in the current window (0 before the first answer). */
  readonly creditsLeft: number;
  /** When the current window ends (epoch ms); undefined before the first answer. */
  readonly windowResetsAt?: number;
  /** Requests waiting for credits. */
  readonly queued: number;
  /** Credits those requests will cost. */
  readonly queuedCredits: number;
  /** Requests sent and not yet answered. */
  readonly inFlight: number;
  /** Credits of those requests. */
  readonly inFlightCredits: number;
  /** Attempts sent (each retry counts). */
  readonly sent: number;
  /** Credits charged for those attempts. */
  readonly creditsSpent: number;
  /** 429 answers seen. */
  readonly rateLimited: number;
  /** Requests cancelled while queued (they spent nothing). */
  readonly cancelled: number;
  /** Total time requests spent waiting for credits, in milliseconds. */
  readonly waitedMs: number;
}
