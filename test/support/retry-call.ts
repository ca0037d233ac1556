import { API_RESPONSE_ERRORS } from '../../src/errors/error-factory.js';
import type { MiroRequest } from '../../src/http/miro-request.js';
import { MiroCall } from '../../src/transport/miro-call.js';

/** A call on its `attempt`th attempt, as the retry rules see it; `withLimiter` as with a credit limiter on. */
export function attemptOf(request: MiroRequest, attempt: number, withLimiter = false): MiroCall {
  const limiter = withLimiter ? { run$: () => undefined as never } : undefined;
  const call = new MiroCall(request, { limiter, maxResponseBytes: 1_000_000, responseErrors: API_RESPONSE_ERRORS }, request.signal);
  call.attempt = attempt;
  return call;
}
