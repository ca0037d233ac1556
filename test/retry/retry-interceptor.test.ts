import { describe, expect, it } from 'vitest';
import { firstValueFrom, type Observable, of, throwError } from 'rxjs';
import { retryInterceptor } from '../../src/retry/retry-interceptor.js';
import { MiroNetworkError } from '../../src/errors/miro-errors.js';
import type { MiroHttpResponse, MiroRequest } from '../../src/http/miro-request.js';
import type { Operation } from '../../src/http/operation.js';

const request: MiroRequest = {
  operation: { operationId: 'create-items' } as Operation,
  method: 'POST',
  url: 'http://127.0.0.1/v2/boards/b/items/bulk',
  path: '/v2/boards/b/items/bulk',
  headers: {},
  creditCost: 200,
  itemCount: 2,
  timeoutMs: 1000,
  signal: new AbortController().signal,
  attempt: 1,
};
const ok: MiroHttpResponse = { status: 201, header: () => undefined, headers: () => ({}), body: { ok: true } };
const context = (attempt: number) => ({ operationId: 'create-items', method: 'POST' as const, path: request.path, attempts: attempt });

describe('retry interceptor', () => {
  it('re-runs the rest of the pipeline for a create refused before sending, numbering the attempts', async () => {
    const seen: number[] = [];
    const next = (r: MiroRequest): Observable<MiroHttpResponse> => {
      seen.push(r.attempt);
      return r.attempt < 3 ? throwError(() => new MiroNetworkError('refused', context(r.attempt), 'ECONNREFUSED', false)) : of(ok);
    };
    const answer = await firstValueFrom(retryInterceptor({ minDelayMs: 1, maxDelayMs: 2 })(request, next));
    expect(answer.body).toEqual({ ok: true });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('passes on a create that may have reached Miro, once, with attempts = 1', async () => {
    let calls = 0;
    const next = (r: MiroRequest): Observable<MiroHttpResponse> => {
      calls += 1;
      return throwError(() => new MiroNetworkError('network error ECONNRESET', context(r.attempt), 'ECONNRESET', true));
    };
    const error = await firstValueFrom(retryInterceptor({ minDelayMs: 1 })(request, next)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ECONNRESET', sent: true, attempts: 1 });
    expect(calls).toBe(1);
  });

  it('unsubscribing during a backoff stops further attempts', async () => {
    let calls = 0;
    const next = (r: MiroRequest): Observable<MiroHttpResponse> => {
      calls += 1;
      return throwError(() => new MiroNetworkError('refused', context(r.attempt), 'ECONNREFUSED', false));
    };
    const subscription = retryInterceptor({ minDelayMs: 200, maxDelayMs: 200 })(request, next).subscribe({ error: () => undefined });
    subscription.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(calls).toBe(1);
  });
});
