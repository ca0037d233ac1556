import type { AxiosRequestConfig } from 'axios';
import type { ResponseErrors } from '../errors/error-factory.js';
import type { AccessTokenSource } from '../http/access-token.js';
import type { MiroHandler, MiroHttpResponse, MiroRequest, SendableRequest } from '../http/miro-request.js';
import type { MiroLogger } from '../http/request-log.js';
import type { RetryPolicy } from '../retry/retry-policy.js';
import type { CallTrace, ClientTelemetry } from '../telemetry/miro-telemetry.js';
import type { Observable } from 'rxjs';

/** The credit step as a call sees it: the budget's limiter (shared-credit-limiters.ts). */
export interface CreditStep {
  run$(request: MiroRequest, send: MiroHandler, maxWaitMs?: number, token?: string): Observable<MiroHttpResponse>;
}

/** What a client decides for every call it sends. */
export interface CallSettings {
  /** Read before every attempt. None for the token endpoint, whose form authenticates it. */
  readonly token?: AccessTokenSource;
  /** Charges every attempt its credits; none with `rateLimit: false` and for the token endpoint. */
  readonly limiter?: CreditStep;
  /** This client's bound on a call's wait for credits (final: no retry waits again). */
  readonly maxWaitMs?: number;
  /** None: one attempt. */
  readonly retry?: RetryPolicy;
  readonly maxResponseBytes: number;
  readonly responseErrors: ResponseErrors;
  readonly logger?: MiroLogger;
  /** The client's OpenTelemetry link (miro-rx/otel); none when telemetry is off. */
  readonly telemetry?: ClientTelemetry;
}

/**
 * One call on its way through axios, carried on the request config under `miroRx` (a class
 * instance, so axios's config merge passes it on as it is): the request, the client's settings
 * and what its attempts did so far.
 */
export class MiroCall {
  /** Attempts started; 1 during the first. */
  attempt = 0;
  /** The latest attempt reached the adapter: Miro may have seen it. */
  sent = false;
  /** Tokens the attempts sent, redacted from whatever the call fails with. */
  readonly tokens: string[] = [];
  /** The token the latest attempt sends: it names the budget the attempt is charged to. */
  token: string | undefined;
  /** The wait that axios-retry's `retryDelay` gives, decided together with the retry itself. */
  nextDelayMs = 0;
  /** How long the latest attempt waited for its credits (0 without a limiter). */
  queuedMs = 0;
  /** The call's span, when one records: each attempt sent gets a child span. */
  trace?: CallTrace;

  constructor(
    readonly request: SendableRequest,
    readonly settings: CallSettings,
    /** The call's own signal: unsubscribing or the caller's signal fires it. */
    readonly signal: AbortSignal,
  ) {}

  /** The request as this attempt sends it (errors and the limiter count attempts). */
  get current(): SendableRequest {
    return { ...this.request, attempt: this.attempt };
  }
}

/** Where a call rides on its axios config. */
export const CALL_KEY = 'miroRx';

/** A request config of one of miro-rx's calls. */
export type MiroAxiosConfig = AxiosRequestConfig & { [CALL_KEY]?: MiroCall };

/** The call a config carries; undefined for a caller's other requests on a shared instance. */
export function callOf(config: AxiosRequestConfig): MiroCall | undefined {
  return (config as MiroAxiosConfig)[CALL_KEY];
}
