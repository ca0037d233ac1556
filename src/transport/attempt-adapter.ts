import { type AxiosAdapter, AxiosError, type AxiosResponse, type InternalAxiosRequestConfig, isCancel } from 'axios';
import { defer, map, type Observable } from 'rxjs';
import { abortedBeforeSending, BODY_TOO_LARGE, errorFromResponse } from '../errors/error-factory.js';
import type { MiroHttpResponse, MiroRequest } from '../http/miro-request.js';
import { MAX_TIMER_DELAY_MS, parseRateLimitHeaders } from '../http/rate-limit-headers.js';
import { headerReader } from '../http/response-headers.js';
import { callOf, type MiroCall } from './miro-call.js';

const ATTEMPT_ADAPTER = Symbol.for('miro-rx.attempt-adapter');
// XMLHttpRequest has no size cap of its own: its download progress is watched instead.
const WATCH_DOWNLOADS = typeof (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest === 'function';

/** How one attempt ended at the adapter: a response (any status), or a failure without one. */
type Outcome = { response: AxiosResponse } | { failure: unknown };

/**
 * Wraps the adapter that sends (axios's own, or one the instance was given) in what every
 * attempt of a miro-rx call goes through: the credit limiter (one Bottleneck job of the
 * attempt's weight), a wall-clock timer (axios's Node `timeout` only times an idle socket), the
 * size cap where the adapter has none, and the log line. A caller's other requests pass as they are.
 */
export function attemptAdapter(base: AxiosAdapter): AxiosAdapter {
  const adapter: AxiosAdapter = (config) => {
    const call = callOf(config);
    return call ? logged(call, charged(base, config, call)) : base(config);
  };
  return Object.assign(adapter, { [ATTEMPT_ADAPTER]: true });
}

export function isAttemptAdapter(adapter: unknown): boolean {
  return typeof adapter === 'function' && ATTEMPT_ADAPTER in adapter;
}

/** Waits for the attempt's credits, sends, and tells the limiter what the response said of the window. */
function charged(base: AxiosAdapter, config: InternalAxiosRequestConfig, call: MiroCall): Promise<AxiosResponse> {
  if (call.signal.aborted) return Promise.reject(abortedBeforeSending(call.current));
  const { limiter, maxWaitMs } = call.settings;
  call.queuedMs = 0;
  if (!limiter) return timed(base, config, call);
  return new Promise((resolve, reject) => {
    let outcome: Outcome | undefined;
    const queuedAt = Date.now();
    const settle = () => {
      const ended = outcome as Outcome;
      if ('response' in ended) resolve(ended.response);
      else reject(ended.failure);
    };
    const send = (): Observable<MiroHttpResponse> =>
      defer(() => {
        call.queuedMs = Date.now() - queuedAt;
        return timed(base, config, call).then(
          (response) => (outcome = { response }),
          (failure: unknown) => (outcome = { failure }),
        );
      }).pipe(map(() => creditReport(call, outcome!)));
    const request = { ...(call.request as MiroRequest), attempt: call.attempt, signal: call.signal };
    // A refusal of the limiter (wait too long, closed, aborted while queued) sent nothing: it
    // fails the call as it is, carrying no config, so axios-retry never repeats it.
    limiter.run$(request, send, maxWaitMs, call.token).subscribe({ error: (error: unknown) => (outcome ? settle() : reject(error)), complete: settle });
  });
}

/** What the limiter reads of an attempt: the response's rate-limit headers; a 429 as the error it is. */
function creditReport(call: MiroCall, outcome: Outcome): MiroHttpResponse {
  if (!('response' in outcome) && !(outcome.failure as AxiosError)?.response) throw outcome.failure;
  const response = 'response' in outcome ? outcome.response : ((outcome.failure as AxiosError).response as AxiosResponse);
  const header = headerReader(response.headers);
  if (response.status === 429) throw errorFromResponse(call.current, 429, header, undefined);
  return { status: response.status, header, headers: () => ({}), body: undefined, rateLimit: parseRateLimitHeaders(header) };
}

/** One send, bounded by the call's timeout from start to the last byte, and stopped by the call's signal. */
function timed(base: AxiosAdapter, config: InternalAxiosRequestConfig, call: MiroCall): Promise<AxiosResponse> {
  call.sent = true;
  const traced = call.trace?.attempt(call);
  const attempt = new AbortController();
  const stop = () => attempt.abort();
  call.signal.addEventListener('abort', stop, { once: true });
  return new Promise<AxiosResponse>((resolve, reject) => {
    const fail = (code: string, message: string) => {
      attempt.abort();
      reject(new AxiosError(message, code, config));
    };
    const ms = call.request.timeoutMs;
    const timer = ms > 0 && ms <= MAX_TIMER_DELAY_MS ? setTimeout(() => fail('ETIMEDOUT', `no response within ${ms} ms`), ms) : undefined;
    const max = call.settings.maxResponseBytes;
    const watch = WATCH_DOWNLOADS ? { onDownloadProgress: (event: { loaded: number }) => event.loaded > max && fail(BODY_TOO_LARGE, 'body too large') } : {};
    const send = () => base({ ...config, signal: attempt.signal, ...watch });
    (traced ? traced.send(send) : send())
      .then(
        // Retries start from the call's config, with the call's signal, not this attempt's.
        (response) => {
          traced?.ended({ response });
          resolve(Object.assign(response, { config }));
        },
        (failure: unknown) => {
          traced?.ended({ failure });
          reject(failure instanceof AxiosError ? Object.assign(failure, { config }) : failure);
        },
      )
      .finally(() => {
        clearTimeout(timer);
        call.signal.removeEventListener('abort', stop);
      });
  });
}

/** One line per attempt, aborted ones included: `GET /v2/boards/1 200 12ms get-specific-board 50cr #1`. */
function logged(call: MiroCall, outcome: Promise<AxiosResponse>): Promise<AxiosResponse> {
  const { logger } = call.settings;
  if (!logger) return outcome;
  const started = Date.now();
  const { method, path, operation } = call.request;
  const credits = (call.request as Partial<MiroRequest>).creditCost ?? 0;
  const attempt = call.attempt;
  const line = (result: string) => logger(`${method} ${path} ${result} ${Date.now() - started}ms ${operation.operationId} ${credits}cr #${attempt}`);
  outcome.then(
    (response) => line(String(response.status)),
    (failure: { response?: { status: number }; code?: string; name?: string }) =>
      line(
        String(failure?.response?.status ?? (isCancel(failure) || failure?.code === 'ERR_CANCELED' ? 'aborted' : (failure?.code ?? failure?.name ?? 'error'))),
      ),
  );
  return outcome;
}
