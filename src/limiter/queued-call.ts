import type { MiroError } from '../errors/miro-errors.js';
import type { MiroRequest } from '../http/miro-request.js';

/** One call waiting for credits as its Bottleneck job (then granted, or cancelled). */
export interface QueuedCall {
  /** Bottleneck's job id. */
  readonly id: string;
  /** Credits it costs. */
  readonly weight: number;
  readonly queuedAt: number;
  readonly request: MiroRequest;
  /** This client's bound on its wait for a window (the bounded-wait policy). */
  readonly maxWaitMs: number;
  granted: boolean;
  cancelled: boolean;
  /** Takes it out of the queue and fails it (its wait is too long, its deadline passed). */
  fail(error: MiroError): void;
}
