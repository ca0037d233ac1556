import type { IncomingMessage } from 'node:http';
import type { ExchangeRequest } from './exchange-request.js';
import { type ExchangeEnd, exchange$ } from './exchange.js';
import { lazyAxiosTransport } from './lazy-axios-transport.js';
import { type NodeHttpModules, type NodeHttpSender, nodeHttpSender, sendOverHttp } from './node-http-exchange.js';
import { proxyFromEnvironment } from './proxy-environment.js';
import { type AnswerRules, answerRules, type RawAnswer } from './read-answer.js';
import type { Transport, TransportOptions } from './transport.js';

/**
 * The default transport in Node: `http.request` on Node's shared keep-alive agents, without
 * axios (whose per-call config merge, header objects and interceptor chain cost ~38 µs and
 * 28 KB of garbage a call). Multipart bodies are serialised by the platform (`Response`). A
 * proxy named in the environment when the client is made sends everything through axios's own
 * adapter instead, loaded on first use, so that `NO_PROXY` and proxy authentication keep
 * axios's meaning.
 */
export function nodeTransport(modules: NodeHttpModules, options: TransportOptions = {}): Transport {
  if (proxyFromEnvironment()) return lazyAxiosTransport(options);
  const rules = answerRules(options);
  const sender = nodeHttpSender(modules);
  return (request) => exchange$(request, rules, (end) => sendInNode(sender, request, rules, end));
}

function sendInNode(sender: NodeHttpSender, request: ExchangeRequest, rules: AnswerRules, end: ExchangeEnd): () => void {
  const { body } = request;
  if (body === undefined || typeof body === 'string') return sendBody(sender, request, rules, end, request.headers, body);
  if (!(body instanceof FormData)) {
    end.fail(new TypeError(`miro-rx cannot send a body of type ${typeof body}`));
    return () => undefined;
  }
  // The platform writes the multipart body and its boundary; held whole, as the form's files are.
  let stop: (() => void) | undefined;
  let stopped = false;
  const multipart = new Response(body);
  const type = multipart.headers.get('content-type') ?? 'multipart/form-data';
  multipart.arrayBuffer().then(
    (bytes) => {
      if (stopped) return;
      stop = sendBody(sender, request, rules, end, { ...request.headers, 'content-type': type }, new Uint8Array(bytes));
    },
    (failure: unknown) => end.fail(failure),
  );
  return () => {
    stopped = true;
    stop?.();
  };
}

function sendBody(
  sender: NodeHttpSender,
  request: ExchangeRequest,
  rules: AnswerRules,
  end: ExchangeEnd,
  headers: Readonly<Record<string, string>>,
  body: string | Uint8Array | undefined,
): () => void {
  return sendOverHttp(
    sender,
    { method: request.method, url: request.url, headers, body, decompress: true, maxResponseBytes: rules.maxResponseBytes },
    { answer: (response, text) => end.answer(answerOf(response, text)), fail: end.fail },
  );
}

function answerOf(response: IncomingMessage, text: string): RawAnswer {
  const headers = response.headers;
  const header = (name: string) => {
    const value = headers[name];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const all = () => Object.fromEntries(Object.keys(headers).map((name) => [name, header(name)!]));
  return { status: response.statusCode ?? 0, header, headers: all, text };
}
