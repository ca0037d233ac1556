import { Observable } from 'rxjs';
import { errorFromResponse } from '../../../src/errors/error-factory.js';
import type { MiroHttpResponse, MiroRequest } from '../../../src/http/miro-request.js';
import type { Operation } from '../../../src/http/operation.js';

/** One request as the fake server handled it. */
export interface FakeCharge {
  /** Epoch ms when the server charged it (or refused it). */
  time: number;
  credits: number;
  status: number;
}

export interface FakeCreditServerOptions {
  budget: number;
  windowMs: number;
  /** Time from sending to the server handling the request. */
  arrivalMs: number;
  /** Time from handling to the client reading the answer, per request in handling order (0, 1, 2...). */
  answerMs: (handled: number) => number;
  /** Credits spent by someone else in the window the run starts in. */
  outsideSpend?: number;
  /** Answers to leave without rate-limit headers, by handling order (a proxy's error page, say). */
  bare?: (handled: number) => boolean;
}

/**
 * An in-process Miro for fake timers: fixed windows aligned to epoch multiples of `windowMs`,
 * charged when a request is handled, with `X-RateLimit-*` as of that moment. A per-request
 * answer delay lets answers overtake each other, as they do over several connections.
 */
export function fakeCreditServer(options: FakeCreditServerOptions) {
  const { budget, windowMs } = options;
  const firstWindow = Date.now() - (Date.now() % windowMs);
  const charged: FakeCharge[] = [];
  const spent = new Map<number, number>();
  const send = (request: MiroRequest) =>
    new Observable<MiroHttpResponse>((subscriber) => {
      const arrival = setTimeout(() => {
        const now = Date.now();
        const start = now - (now % windowMs);
        const used = spent.get(start) ?? (start === firstWindow ? (options.outsideSpend ?? 0) : 0);
        const fits = used + request.creditCost <= budget;
        if (fits) spent.set(start, used + request.creditCost);
        const handled = charged.push({ time: now, credits: fits ? request.creditCost : 0, status: fits ? 200 : 429 }) - 1;
        const bare = options.bare?.(handled) === true;
        const headers: Record<string, string> = bare
          ? {}
          : {
              'x-ratelimit-limit': String(budget),
              'x-ratelimit-remaining': String(budget - (spent.get(start) ?? used)),
              'x-ratelimit-reset': String((start + windowMs) / 1000),
            };
        const header = (name: string) => headers[name];
        const answer = setTimeout(() => {
          if (!fits) return subscriber.error(errorFromResponse(request, 429, header, { code: 'tooManyRequests' }));
          const rateLimit = bare ? undefined : { limit: budget, remaining: Number(headers['x-ratelimit-remaining']), resetAt: start + windowMs };
          subscriber.next({ status: 200, header, headers: () => headers, body: {}, rateLimit });
          subscriber.complete();
        }, options.answerMs(handled));
        subscriber.add(() => clearTimeout(answer));
      }, options.arrivalMs);
      return () => clearTimeout(arrival);
    });
  return { send, charged };
}

/** Credits charged in each server window, in window order. */
export function chargedPerWindow(charged: readonly FakeCharge[], windowMs: number): number[] {
  const windows = new Map<number, number>();
  for (const c of charged) windows.set(c.time - (c.time % windowMs), (windows.get(c.time - (c.time % windowMs)) ?? 0) + c.credits);
  return [...windows.entries()].sort(([a], [b]) => a - b).map(([, credits]) => credits);
}

/** A request of `creditCost` credits, as the pipeline hands it to the limiter. */
export function fakeRequest(creditCost: number): MiroRequest {
  return {
    operation: { operationId: 'fake' } as Operation,
    method: 'GET',
    url: 'http://127.0.0.1/fake',
    path: '/fake',
    headers: {},
    creditCost,
    itemCount: 1,
    timeoutMs: 30_000,
    signal: new AbortController().signal,
    attempt: 1,
  };
}
