import type { Observable } from 'rxjs';
import type { AnswerErrors } from '../errors/error-factory.js';
import type { MiroHttpResponse } from '../http/miro-request.js';
import type { ExchangeRequest } from './exchange-request.js';

/** Sends one exchange; the pipeline's last step, and the token endpoint's only one. */
export type Transport = (request: ExchangeRequest) => Observable<MiroHttpResponse>;

/** Settings of the transport step. */
export interface TransportOptions {
  /** Longest answer accepted, in bytes after decompression. Default 50 MB. */
  maxResponseBytes?: number;
  /** How unusable answers become errors. Default: the API's (`MiroApiError`). */
  answerErrors?: AnswerErrors;
}

/** Which of miro-rx's own transports sends when no axios instance is given. */
export type TransportChoice = 'node' | 'fetch';
