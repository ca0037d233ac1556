/**
 * Unsubscribing, or firing the call's AbortSignal, aborts the request in flight: the loopback
 * server sees the connection close before it answered.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { firstValueFrom, NEVER, Subject, takeUntil } from 'rxjs';
import { MiroApi, MiroNetworkError } from '../../src/index.js';
import { startRecordingServer } from '../support/recording-server.js';
import { failureReplies } from '../support/failure-replies.js';

let server: Awaited<ReturnType<typeof startRecordingServer>>;
let api: MiroApi;
// Generous: the machine is shared and may be slow; these only bound a wait, they time nothing.
const patiently = { timeout: 10_000, interval: 20 };

beforeAll(async () => {
  server = await startRecordingServer(failureReplies);
  api = new MiroApi('cancel-test-token', { baseUrl: server.url, scimBaseUrl: `${server.url}/scim`, rateLimit: false, retry: false });
});
afterAll(() => server.close());

const received = (url: string) => server.requests.some((request) => request.url === url);
const closedEarly = (url: string) => server.closed.some((request) => request.url === url);

describe('cancellation', () => {
  it('unsubscribing aborts the request in flight and delivers nothing afterwards', async () => {
    const seen = vi.fn();
    const subscription = api.getSpecificItem('unsubscribe', 'hang').subscribe({ next: seen, error: seen, complete: seen });
    await vi.waitFor(() => expect(received('/v2/boards/unsubscribe/items/hang')).toBe(true), patiently);
    expect(closedEarly('/v2/boards/unsubscribe/items/hang')).toBe(false);
    subscription.unsubscribe();
    await vi.waitFor(() => expect(closedEarly('/v2/boards/unsubscribe/items/hang')).toBe(true), patiently);
    expect(seen).not.toHaveBeenCalled();
  });

  it('takeUntil aborts the same way (operators unsubscribe upstream)', async () => {
    const stop$ = new Subject<void>();
    api.getSpecificItem('take-until', 'hang').pipe(takeUntil(stop$)).subscribe();
    await vi.waitFor(() => expect(received('/v2/boards/take-until/items/hang')).toBe(true), patiently);
    stop$.next();
    await vi.waitFor(() => expect(closedEarly('/v2/boards/take-until/items/hang')).toBe(true), patiently);
  });

  it('an AbortSignal in the call options aborts it too, with a MiroNetworkError', async () => {
    const controller = new AbortController();
    const result = firstValueFrom(api.getSpecificItem('signal', 'hang', { signal: controller.signal })).catch((error: unknown) => error);
    await vi.waitFor(() => expect(received('/v2/boards/signal/items/hang')).toBe(true), patiently);
    controller.abort();
    const error = await result;
    expect(error).toBeInstanceOf(MiroNetworkError);
    expect(error).toMatchObject({ code: 'ERR_CANCELED', operationId: 'get-specific-item', sent: true });
    await vi.waitFor(() => expect(closedEarly('/v2/boards/signal/items/hang')).toBe(true), patiently);
  });

  it('a signal that already fired sends nothing and says so', async () => {
    const before = server.requests.length;
    const error = await firstValueFrom(api.getSpecificBoard('pre-aborted', { signal: AbortSignal.abort() })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroNetworkError);
    expect(error).toMatchObject({ code: 'ERR_CANCELED', sent: false });
    expect(server.requests.length).toBe(before);
  });

  it('unsubscribing while the token is still being fetched sends nothing', async () => {
    let asked = 0;
    const slowToken = new MiroApi(
      () => {
        asked += 1;
        return NEVER;
      },
      { baseUrl: server.url, scimBaseUrl: server.url, rateLimit: false, retry: false },
    );
    const before = server.requests.length;
    const subscription = slowToken.getSpecificBoard('token-pending').subscribe();
    await vi.waitFor(() => expect(asked).toBe(1));
    subscription.unsubscribe();
    await firstValueFrom(api.getSpecificBoard('after')); // a full round trip later, still nothing from it
    expect(server.requests.slice(before).map((request) => request.url)).toEqual(['/v2/boards/after']);
  });
});
