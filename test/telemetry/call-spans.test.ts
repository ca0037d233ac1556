/**
 * A call's trace: one span named for the operation, child of the context active at
 * subscription, with one HTTP client span per attempt beneath it (the convention's attributes
 * and miro-rx's own), retries included; errors recorded on both.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import axios from 'axios';
import { firstValueFrom, switchMap, take } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MiroApi } from '../../src/index.js';
import { startMiroSimulator } from '../../src/simulator/index.js';
import { openTelemetry } from '../../src/otel.js';
import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { type Reply, startRecordingServer } from '../support/recording-server.js';
import { idOf, only, parentOf, testSdk } from './support/telemetry-sdk.js';

const sdk = testSdk();
const failures = new Map<string, number>();
let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer((request): Reply => {
    const id = new URL(request.url, 'http://loopback').pathname.split('/').pop() ?? '';
    const left = failures.get(id) ?? 0;
    if (left > 0) {
      failures.set(id, left - 1);
      return {
        status: 429,
        headers: { 'retry-after': '0', 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1900000000' },
        body: {},
      };
    }
    if (id === 'missing') return { status: 404, headers: { 'x-request-id': 'req-404' }, body: { status: 404, message: 'not found' } };
    return {
      headers: { 'x-request-id': 'req-1a2b', 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '950', 'x-ratelimit-reset': '1900000000' },
      body: { id, type: 'board' },
    };
  });
});
afterAll(() => server.close());
beforeEach(() => sdk.reset());

const api = () => new MiroApi('call-spans-token', { baseUrl: server.url, telemetry: sdk.telemetry, retry: { minDelayMs: 1, maxDelayMs: 5 } });

describe('a call', () => {
  it('is one span named for the operation with one HTTP client span beneath it', async () => {
    await firstValueFrom(api().getSpecificBoard('b1'));
    const spans = sdk.spans();
    expect(spans.map((span) => span.name).sort()).toEqual(['GET /v2/boards/{board_id}', 'get-specific-board']);
    const call = only(spans, 'get-specific-board');
    const attempt = only(spans, 'GET /v2/boards/{board_id}');
    expect(parentOf(call)).toBeUndefined();
    expect(parentOf(attempt)).toBe(idOf(call));
    expect(attempt.spanContext().traceId).toBe(call.spanContext().traceId);
    expect(call.kind).toBe(SpanKind.INTERNAL);
    expect(attempt.kind).toBe(SpanKind.CLIENT);
    expect(call.attributes).toMatchObject({ 'miro.operation.id': 'get-specific-board', 'miro.attempts': 1 });
    const port = Number(new URL(server.url).port);
    expect(attempt.attributes).toEqual({
      'http.request.method': 'GET',
      'url.template': '/v2/boards/{board_id}',
      'url.full': `http://127.0.0.1:${port}/v2/boards/b1`,
      'server.address': '127.0.0.1',
      'server.port': port,
      'http.response.status_code': 200,
      'miro.operation.id': 'get-specific-board',
      'miro.credits.charged': 50,
      'miro.credits.queued_ms': expect.any(Number),
      'miro.rate_limit.limit': 1000,
      'miro.rate_limit.remaining': 950,
      'miro.rate_limit.reset_at': 1_900_000_000_000,
      'miro.request_id': 'req-1a2b',
    });
    expect(attempt.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('retried twice has three attempt spans under the one call span, counting resends', async () => {
    failures.set('twice', 2);
    await firstValueFrom(api().getSpecificBoard('twice'));
    const spans = sdk.spans();
    const call = only(spans, 'get-specific-board');
    const attempts = spans.filter((span) => span.kind === SpanKind.CLIENT);
    expect(attempts).toHaveLength(3);
    expect(attempts.every((span) => parentOf(span) === idOf(call))).toBe(true);
    expect(attempts.map((span) => span.attributes['http.request.resend_count'])).toEqual([undefined, 1, 2]);
    expect(attempts.map((span) => span.attributes['http.response.status_code'])).toEqual([429, 429, 200]);
    expect(attempts.map((span) => span.attributes['error.type'])).toEqual(['429', '429', undefined]);
    expect(attempts.map((span) => span.status.code)).toEqual([SpanStatusCode.ERROR, SpanStatusCode.ERROR, SpanStatusCode.UNSET]);
    expect(call.attributes['miro.attempts']).toBe(3);
    expect(call.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('that fails records the error on both spans, by type and status only', async () => {
    await firstValueFrom(api().getSpecificBoard('missing')).catch(() => undefined);
    const call = only(sdk.spans(), 'get-specific-board');
    const attempt = only(sdk.spans(), 'GET /v2/boards/{board_id}');
    expect(call.status).toEqual({ code: SpanStatusCode.ERROR, message: 'MiroApiError (HTTP 404)' });
    expect(call.attributes['error.type']).toBe('404');
    expect(call.events.map((event) => [event.name, event.attributes])).toEqual([
      ['exception', { 'exception.type': 'MiroApiError', 'exception.message': 'MiroApiError (HTTP 404)' }],
    ]);
    expect(attempt.attributes).toMatchObject({ 'http.response.status_code': 404, 'error.type': '404', 'miro.request_id': 'req-404' });
  });

  it('that fails without a response names the failure in error.type', async () => {
    const closed = new MiroApi('t', { baseUrl: 'http://127.0.0.1:9', telemetry: sdk.telemetry, retry: false });
    await firstValueFrom(closed.getSpecificBoard('b1')).catch(() => undefined);
    const attempt = only(sdk.spans(), 'GET /v2/boards/{board_id}');
    expect(attempt.attributes['error.type']).toBe('ECONNREFUSED');
    expect(attempt.attributes['http.response.status_code']).toBeUndefined();
    expect(only(sdk.spans(), 'get-specific-board').attributes['error.type']).toBe('MiroNetworkError');
  });

  it('unsubscribed before its response ends its span without an error', async () => {
    const subscription = api().getSpecificBoard('b1').subscribe();
    subscription.unsubscribe();
    const call = only(sdk.spans(), 'get-specific-board');
    expect(call.status.code).toBe(SpanStatusCode.UNSET);
    expect(call.ended).toBe(true);
  });
});

describe('calls of two clients', () => {
  it('an untraced client called from inside a traced call adds no attempt to it', async () => {
    const untraced = new MiroApi('other', {
      baseUrl: server.url,
      telemetry: openTelemetry({ tracerProvider: new BasicTracerProvider({ sampler: new AlwaysOffSampler() }) }),
    });
    const inner: Array<Promise<unknown>> = [];
    const traced = new MiroApi('t', {
      baseUrl: server.url,
      telemetry: sdk.telemetry,
      interceptors: [
        (request, next) => {
          inner.push(firstValueFrom(untraced.getSpecificBoard('inner')));
          return next(request);
        },
      ],
    });
    await firstValueFrom(traced.getSpecificBoard('b1'));
    await Promise.all(inner);
    const call = only(sdk.spans(), 'get-specific-board');
    expect(sdk.spans().filter((span) => parentOf(span) === idOf(call))).toHaveLength(1);
    expect(call.attributes['miro.attempts']).toBe(1);
  });
});

describe('with a context manager', () => {
  beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
  afterAll(() => context.disable());

  it('the call span is a child of the span active when the call was subscribed', async () => {
    const tracer = sdk.tracerProvider.getTracer('the-app');
    const handler = tracer.startSpan('handle request');
    const call$ = api().getSpecificBoard('b1');
    await context.with(trace.setSpan(context.active(), handler), () => firstValueFrom(call$));
    handler.end();
    const call = only(sdk.spans(), 'get-specific-board');
    expect(parentOf(call)).toBe(handler.spanContext().spanId);
    expect(parentOf(only(sdk.spans(), 'GET /v2/boards/{board_id}'))).toBe(idOf(call));
  });

  it('a call made when another one answers is its sibling, not its child', async () => {
    const tracer = sdk.tracerProvider.getTracer('the-app');
    const handler = tracer.startSpan('handle request');
    const client = api();
    const both$ = client.getSpecificBoard('first').pipe(switchMap(() => client.getSpecificBoard('second')));
    await context.with(trace.setSpan(context.active(), handler), () => firstValueFrom(both$));
    handler.end();
    const calls = sdk.spans().filter((span) => span.name === 'get-specific-board');
    expect(calls.map(parentOf)).toEqual([handler.spanContext().spanId, handler.spanContext().spanId]);
  });

  it("a watch's polls start traces of their own", async () => {
    const miro = await startMiroSimulator({ tokens: ['watch-token'] });
    try {
      const board = miro.state.createBoard();
      const watcher = new MiroApi('watch-token', { baseUrl: miro.url, telemetry: sdk.telemetry });
      const handler = sdk.tracerProvider.getTracer('the-app').startSpan('handle request');
      const firstPoll$ = watcher.watchBoard(board.id, { intervalMs: 5 }).pipe(take(1));
      await context.with(trace.setSpan(context.active(), handler), () => firstValueFrom(firstPoll$));
      handler.end();
      const poll = only(sdk.spans(), 'watch-board poll');
      expect(parentOf(poll)).toBeUndefined();
      expect(poll.spanContext().traceId).not.toBe(handler.spanContext().traceId);
    } finally {
      await miro.close();
    }
  });

  it('the adapter sends within the attempt span, so an HTTP instrumentation nests beneath it', async () => {
    const active: Array<string | undefined> = [];
    const http = axios.getAdapter('http');
    const instance = axios.create({
      adapter: (config) => {
        active.push(trace.getActiveSpan()?.spanContext().spanId);
        return http(config);
      },
    });
    const client = new MiroApi('t', { baseUrl: server.url, telemetry: sdk.telemetry, axios: instance });
    await firstValueFrom(client.getSpecificBoard('b1'));
    expect(active).toEqual([idOf(only(sdk.spans(), 'GET /v2/boards/{board_id}'))]);
  });
});
