import type { ExchangeRequest } from './exchange-request.js';
import { type ExchangeEnd, exchange$ } from './exchange.js';
import { ANSWER_TOO_LARGE } from './node-http-exchange.js';
import { type AnswerRules, answerRules, type RawAnswer } from './read-answer.js';
import type { Transport, TransportOptions } from './transport.js';

/**
 * The default where Node's built-ins are not found (browsers, workers, Deno, Node before
 * 20.16): the platform's `fetch`, one AbortController per exchange. The body is read chunk by
 * chunk and counted as decoded bytes (fetch has already decompressed them), so an answer past
 * `maxResponseBytes`, gzip bomb or not, is cancelled while it arrives. Redirects are not
 * followed: Miro's API never redirects, and a redirect's answer is read like any other.
 */
export function fetchTransport(options: TransportOptions = {}, send: typeof fetch = globalThis.fetch): Transport {
  const rules = answerRules(options);
  return (request) => exchange$(request, rules, (end) => sendWithFetch(send, request, rules, end));
}

function sendWithFetch(send: typeof fetch, request: ExchangeRequest, rules: AnswerRules, end: ExchangeEnd): () => void {
  const controller = new AbortController();
  const init: RequestInit = {
    method: request.method,
    headers: request.headers,
    body: request.body as BodyInit | undefined,
    signal: controller.signal,
    redirect: 'manual',
  };
  send(request.url, init)
    .then((response) => readText(response, rules.maxResponseBytes).then((text) => end.answer(answerOf(response, text))))
    .catch((failure: unknown) => end.fail(failure));
  return () => controller.abort();
}

/** The answer's text, or a failure with `ANSWER_TOO_LARGE` once it grows past `limit` bytes. */
async function readText(response: Response, limit: number): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return undefined;
  const decoder = new TextDecoder();
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    received += value.byteLength;
    if (received > limit) {
      // Stops the download: the rest of a bomb is never inflated.
      reader.cancel().catch(() => undefined);
      throw Object.assign(new Error(`answer larger than ${limit} bytes`), { code: ANSWER_TOO_LARGE });
    }
    text += decoder.decode(value, { stream: true });
  }
}

function answerOf(response: Response, text: string | undefined): RawAnswer {
  const { headers } = response;
  const header = (name: string) => headers.get(name) ?? undefined;
  const all = () => {
    const named: Record<string, string> = {};
    headers.forEach((value, name) => {
      named[name] = value;
    });
    return named;
  };
  return { status: response.status, header, headers: all, text };
}
