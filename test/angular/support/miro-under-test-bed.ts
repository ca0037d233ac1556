import { type HttpInterceptorFn, type HttpRequest, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom, type Observable } from 'rxjs';
import { provideMiroApi, withHttpClient, type MiroApiProviderOptions } from '../../../src/angular/index.js';
import { MiroApi } from '../../../src/index.js';
import { configureTestBed } from './test-bed.js';

export const BASE = 'https://miro.test';
export const BOARD_URL = `${BASE}/v2/boards/b1`;
export const LABEL = '3000457366756290996'; // beyond 2^53: a double would read 3000457366756291000
let tokens = 0;

export const seen: string[] = [];
export const recordAttempts: HttpInterceptorFn = (request, next) => {
  seen.push(`${request.method} ${request.urlWithParams} ${request.headers.get('authorization')}`);
  return next(request);
};

/** A MiroApi from provideMiroApi(..., withHttpClient()) and the controller that answers it. */
export function setUp(options: Partial<MiroApiProviderOptions> = {}) {
  seen.length = 0;
  // A token of its own per test: budgets are shared by token, and each test starts afresh.
  const token = `angular-token-${++tokens}`;
  configureTestBed([
    provideHttpClient(withInterceptors([recordAttempts])),
    provideHttpClientTesting(),
    provideMiroApi({ accessToken: token, baseUrl: BASE, rateLimit: false, retry: false, ...options }, withHttpClient()),
  ]);
  return { api: TestBed.inject(MiroApi), http: TestBed.inject(HttpTestingController), token };
}

export function outcome<T>(call: Observable<T>): Promise<T | unknown> {
  return firstValueFrom(call).catch((error: unknown) => error);
}

/** Lets the pipeline (token, limiter, axios) reach HttpClient. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

/** The one request to `url` once it reaches HttpClient (a retry comes after its back-off). */
export async function nextRequest(http: HttpTestingController, url: string | ((request: HttpRequest<unknown>) => boolean)): Promise<TestRequest> {
  for (let waited = 0; waited < 2_000; waited += 5) {
    const found = http.match(url);
    if (found.length > 1) throw new Error(`${found.length} requests where one was expected`);
    if (found[0]) return found[0];
    await settle();
  }
  throw new Error('no request reached HttpClient within 2 s');
}
