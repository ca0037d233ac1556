import type { AxiosInstance, AxiosResponse } from 'axios';
import { Observable } from 'rxjs';
import { abortedBeforeSending, errorFromAxios } from '../errors/error-factory.js';
import { NOT_ABORTED, type MiroHttpResponse, type SendableRequest } from '../http/miro-request.js';
import { parseRateLimitHeaders } from '../http/rate-limit-headers.js';
import { allHeaders, headerReader } from '../http/response-headers.js';
import { retryOptions } from '../retry/miro-retry.js';
import { CALL_KEY, type CallSettings, MiroCall, type MiroAxiosConfig } from './miro-call.js';
import { readResponseBody } from './response-body.js';

const NO_RETRY = { retries: 0 } as const;

/**
 * Sends one call through an axios instance as a cold Observable: nothing before subscription,
 * one call per subscription, and unsubscribing (or the request's signal) aborts it wherever it
 * is: waiting for a token, for credits, for a retry's delay, or on the wire.
 */
export function sendRequest$(instance: AxiosInstance, request: SendableRequest, settings: CallSettings): Observable<MiroHttpResponse> {
  return new Observable<MiroHttpResponse>((subscriber) => {
    if (request.signal.aborted) {
      subscriber.error(abortedBeforeSending(request));
      return undefined;
    }
    const controller = new AbortController();
    const abort = () => controller.abort();
    // A call without a signal of its own is aborted by unsubscribing alone.
    const listens = request.signal !== NOT_ABORTED;
    if (listens) request.signal.addEventListener('abort', abort, { once: true });
    const call = new MiroCall(request, settings, controller.signal);
    call.trace = settings.telemetry?.activeCall();
    let ended = false;
    const end = () => {
      ended = true;
      if (listens) request.signal.removeEventListener('abort', abort);
    };
    instance.request(axiosConfig(call)).then(
      (response) => {
        end();
        subscriber.next(miroResponse(response));
        subscriber.complete();
      },
      (failure: unknown) => {
        end();
        subscriber.error(errorFromAxios(failure, call));
      },
    );
    return () => {
      if (!ended) abort();
      end();
    };
  });
}

function axiosConfig(call: MiroCall): MiroAxiosConfig {
  const { request, settings } = call;
  // axios gives a POST/PUT/PATCH without data a form content type; `false` stops it.
  const headers = request.body === undefined && !('content-type' in request.headers) ? { ...request.headers, 'content-type': false } : request.headers;
  return {
    method: request.method,
    url: request.url,
    data: request.body,
    headers,
    signal: call.signal,
    // The attempt adapter's own timer bounds each attempt (axios's Node timeout is socket idleness).
    timeout: 0,
    maxContentLength: settings.maxResponseBytes,
    responseType: 'text',
    transformResponse: readResponseBody,
    validateStatus: isSuccess,
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
    'axios-retry': settings.retry ? retryOptions(call, settings.retry) : NO_RETRY,
    [CALL_KEY]: call,
  };
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function miroResponse(response: AxiosResponse): MiroHttpResponse {
  const header = headerReader(response.headers);
  return { status: response.status, header, headers: () => allHeaders(response.headers), body: response.data, rateLimit: parseRateLimitHeaders(header) };
}
