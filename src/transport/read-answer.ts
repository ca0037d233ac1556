import { answerTooLarge, API_ANSWER_ERRORS, type AnswerErrors, type HeaderReader, requestContext } from '../errors/error-factory.js';
import { MiroError } from '../errors/miro-errors.js';
import type { MiroHttpResponse } from '../http/miro-request.js';
import type { ExchangeRequest } from './exchange-request.js';
import { parseWithInt64 } from './int64-json.js';
import { parseRateLimitHeaders } from './rate-limit-headers.js';
import { maxResponseBytesOption } from './response-size.js';
import type { TransportOptions } from './transport.js';

/** An answer as it came off the wire, whoever received it: its body already decoded to text. */
export interface RawAnswer {
  readonly status: number;
  /** Reads one header by lower-case name. */
  readonly header: HeaderReader;
  /** All headers with lower-case names; built only when asked for. */
  readonly headers: () => Record<string, string>;
  readonly text: string | undefined;
}

/** A transport's settings with their defaults filled in and checked. */
export interface AnswerRules {
  readonly maxResponseBytes: number;
  readonly answerErrors: AnswerErrors;
}

/** Checks the options once, when the transport is made: a bad value fails at construction. */
export function answerRules(options: TransportOptions = {}): AnswerRules {
  return { maxResponseBytes: maxResponseBytesOption(options.maxResponseBytes), answerErrors: options.answerErrors ?? API_ANSWER_ERRORS };
}

/**
 * The step every transport ends in: the answer's size checked, its body parsed (int64-safe),
 * a refused status turned into the caller's error, and the rest into a `MiroHttpResponse`.
 */
export function readAnswer(request: ExchangeRequest, answer: RawAnswer, rules: AnswerRules): MiroHttpResponse | MiroError {
  // Characters never outnumber bytes: a longer text slipped past the transport's own count.
  if (typeof answer.text === 'string' && answer.text.length > rules.maxResponseBytes) {
    return answerTooLarge(requestContext(request), rules.maxResponseBytes);
  }
  const { status, header } = answer;
  const parsed = parseBody(request, status, header, answer.text, rules.answerErrors);
  if (parsed instanceof MiroError) return parsed;
  if (status < 200 || status >= 300) return rules.answerErrors.refused(request, status, header, parsed);
  return { status, header, headers: answer.headers, body: parsed, rateLimit: parseRateLimitHeaders(header) };
}

function parseBody(request: ExchangeRequest, status: number, header: HeaderReader, text: string | undefined, errors: AnswerErrors): unknown {
  const type = header('content-type') ?? '';
  if (text === undefined || text === '' || status === 204) {
    // A success that promises JSON but carries nothing (a cut answer, a proxy's empty page)
    // must not reach the caller as `undefined` in place of a board.
    const promisedJson = status >= 200 && status < 300 && status !== 204 && /json/i.test(type);
    if (promisedJson && !request.operation.emptyResponse) return errors.invalid(request, status, header, 'answer body is empty');
    return undefined;
  }
  if (!/json/i.test(type) && !/^\s*[[{]/.test(text)) {
    if (status >= 400) return { message: text.slice(0, 200) };
    // Every Miro operation answers JSON: text on a success is someone else's page (a proxy's).
    if (status >= 200 && status < 300) return errors.invalid(request, status, header, `answer is not JSON (content type ${type.slice(0, 60) || 'none'})`);
    return text;
  }
  try {
    return parseWithInt64(text);
  } catch {
    return errors.invalid(request, status, header, 'answer is not valid JSON');
  }
}
