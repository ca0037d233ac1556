import { Observable } from 'rxjs';
import { abortedBeforeSending, errorFromFailure, requestContext } from '../errors/error-factory.js';
import { MiroError } from '../errors/miro-errors.js';
import { NOT_ABORTED, type MiroHttpResponse } from '../http/miro-request.js';
import type { ExchangeRequest } from './exchange-request.js';
import { MAX_TIMER_DELAY_MS } from './rate-limit-headers.js';
import { type AnswerRules, type RawAnswer, readAnswer } from './read-answer.js';

/** How a sender reports the end of its exchange; whatever comes after the first report is ignored. */
export interface ExchangeEnd {
  answer(answer: RawAnswer): void;
  /** A failure without an answer: a Node errno error, a fetch TypeError, `{ code }`. */
  fail(failure: unknown): void;
}

/** Starts one exchange and returns how to stop it (called only while it has not ended). */
export type StartExchange = (end: ExchangeEnd) => () => void;

/**
 * One exchange as a cold Observable, the same under every transport: never started when the
 * caller already gave up, bounded by one timer (`timeoutMs`, the whole exchange, not socket
 * idleness), stopped by the caller's signal or by unsubscribing, and ended by `readAnswer`.
 */
export function exchange$(request: ExchangeRequest, rules: AnswerRules, start: StartExchange): Observable<MiroHttpResponse> {
  return new Observable<MiroHttpResponse>((subscriber) => {
    if (request.signal.aborted) {
      // Given up before it started: certainly never sent, so safe to send again.
      subscriber.error(abortedBeforeSending(request));
      return undefined;
    }
    let ended = false;
    let stop: (() => void) | undefined;
    const limits = { timeoutMs: request.timeoutMs, maxResponseBytes: rules.maxResponseBytes };
    const finish = (outcome: MiroHttpResponse | MiroError) => {
      if (ended) return;
      ended = true;
      clearTimeout(deadline);
      if (listens) request.signal.removeEventListener('abort', abort);
      if (outcome instanceof MiroError) return subscriber.error(outcome);
      subscriber.next(outcome);
      subscriber.complete();
    };
    // Stopped here rather than by the sender: its own wording of a cancel no longer matters.
    const giveUp = (code: string) => {
      if (ended) return;
      finish(errorFromFailure(requestContext(request), limits, { code }));
      stop?.();
    };
    const abort = () => giveUp('ERR_CANCELED');
    // A call without a signal of its own is aborted by teardown alone.
    const listens = request.signal !== NOT_ABORTED;
    if (listens) request.signal.addEventListener('abort', abort, { once: true });
    const ms = request.timeoutMs;
    const deadline = ms > 0 && ms <= MAX_TIMER_DELAY_MS ? setTimeout(() => giveUp('ETIMEDOUT'), ms) : undefined;
    stop = start({
      answer: (answer) => finish(readAnswer(request, answer, rules)),
      fail: (failure) => finish(errorFromFailure(requestContext(request), limits, failure)),
    });
    // A sender that ended at once (a synchronous failure) is not stopped again.
    if (ended) stop = undefined;
    return () => {
      if (ended) return;
      ended = true;
      clearTimeout(deadline);
      if (listens) request.signal.removeEventListener('abort', abort);
      stop?.();
    };
  });
}
