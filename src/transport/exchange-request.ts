import type { MiroRequest } from '../http/miro-request.js';
import type { Operation } from '../http/operation.js';

/**
 * What the transport reads of a request: one HTTP exchange, whoever sends it (an operation
 * through the pipeline, or the OAuth token endpoint, which is not in Miro's document).
 */
export type ExchangeRequest = Pick<MiroRequest, 'method' | 'url' | 'path' | 'body' | 'headers' | 'timeoutMs' | 'signal' | 'attempt'> & {
  readonly operation: Pick<Operation, 'operationId' | 'emptyResponse'>;
};
