/**
 * Metrics: the convention's request duration, credits and 429s per budget (named by a digest,
 * never the token), the wait for credits, and the limiter's queued and in-flight gauges.
 */
import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiroApi } from '../../src/index.js';
import { budgetKey, fnv1a64 } from '../../src/limiter/budget-key.js';
import { openTelemetry } from '../../src/otel.js';
import { callOf } from '../../src/transport/miro-call.js';
import { startRecordingServer } from '../support/recording-server.js';
import { testSdk } from './support/telemetry-sdk.js';

const TOKEN = 'metrics-SECRET-token';
let rateLimitedLeft = 0;
let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer(() => {
    if (rateLimitedLeft-- > 0) return { status: 429, headers: { 'retry-after': '0' }, body: {} };
    return { body: { id: 'b1', type: 'board' } };
  });
});
afterAll(() => server.close());

const metric = (metrics: MetricData[], name: string) => {
  const found = metrics.find((data) => data.descriptor.name === name);
  if (!found) throw new Error(`no metric ${name} in ${metrics.map((data) => data.descriptor.name).join(', ')}`);
  return found;
};
const points = (metrics: MetricData[], name: string) => metric(metrics, name).dataPoints as Array<{ attributes: object; value: unknown }>;

describe('metrics', () => {
  it('count durations, credits, 429s and waits per budget, and report the limiter gauges', async () => {
    const sdk = testSdk();
    const api = new MiroApi(TOKEN, { baseUrl: server.url, telemetry: sdk.telemetry, retry: { minDelayMs: 1, maxDelayMs: 5 } });
    rateLimitedLeft = 1;
    await firstValueFrom(api.getSpecificBoard('b1'));
    await firstValueFrom(api.getSpecificBoard('b1'));
    const metrics = await sdk.metrics();
    const budget = { 'miro.budget.id': fnv1a64(budgetKey(TOKEN, server.url, undefined)) };

    const durations = points(metrics, 'http.client.request.duration');
    expect(metric(metrics, 'http.client.request.duration').descriptor.unit).toBe('s');
    const byStatus = Object.fromEntries(durations.map((point) => [(point.attributes as Record<string, unknown>)['http.response.status_code'], point.value]));
    expect(byStatus[200]).toMatchObject({ count: 2 });
    expect(byStatus[429]).toMatchObject({ count: 1 });
    expect(durations[0]!.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.template': '/v2/boards/{board_id}', 'server.address': '127.0.0.1' });

    expect(points(metrics, 'miro.client.credits.spent')).toEqual([expect.objectContaining({ attributes: budget, value: 150 })]);
    expect(points(metrics, 'miro.client.rate_limited')).toEqual([expect.objectContaining({ attributes: budget, value: 1 })]);
    expect(points(metrics, 'miro.client.credits.queue_wait.duration')[0]!.value).toMatchObject({ count: 3 });
    expect(points(metrics, 'miro.client.requests.queued')).toContainEqual(expect.objectContaining({ attributes: budget, value: 0 }));
    expect(points(metrics, 'miro.client.requests.in_flight')).toContainEqual(expect.objectContaining({ attributes: budget, value: 0 }));
    expect(JSON.stringify(metrics)).not.toContain('SECRET');
  });

  it('name the budget of the token each attempt sends, for a token function too', async () => {
    const sdk = testSdk();
    const byFunction = new MiroApi(() => TOKEN, { baseUrl: server.url, telemetry: sdk.telemetry });
    const byString = new MiroApi(TOKEN, { baseUrl: server.url, telemetry: sdk.telemetry });
    await firstValueFrom(byFunction.getSpecificBoard('b1'));
    await firstValueFrom(byString.getSpecificBoard('b1'));
    const budget = { 'miro.budget.id': fnv1a64(budgetKey(TOKEN, server.url, undefined)) };
    // Both spent one budget: one series, not one per client (a token function's key is known only once it sent).
    expect(points(await sdk.metrics(), 'miro.client.credits.spent')).toEqual([expect.objectContaining({ attributes: budget, value: 100 })]);
  });

  it('are recorded when every span is sampled out', async () => {
    const sdk = testSdk();
    const sampledOut = openTelemetry({ tracerProvider: new BasicTracerProvider({ sampler: new AlwaysOffSampler() }), meterProvider: sdk.meterProvider });
    const api = new MiroApi('sampled-out', { baseUrl: server.url, telemetry: sampledOut });
    await firstValueFrom(api.getSpecificBoard('b1'));
    expect(sdk.spans()).toEqual([]);
    expect(points(await sdk.metrics(), 'http.client.request.duration')[0]!.value).toMatchObject({ count: 1 });
  });

  it('a client with neither a recording span nor a meter gives its calls no trace at all', async () => {
    const api = new MiroApi('off', {
      baseUrl: server.url,
      telemetry: openTelemetry({ tracerProvider: new BasicTracerProvider({ sampler: new AlwaysOffSampler() }) }),
    });
    const traces: unknown[] = [];
    api.client.axios.interceptors.request.use((config) => {
      traces.push(callOf(config)?.trace);
      return config;
    });
    await firstValueFrom(api.getSpecificBoard('b1'));
    expect(traces).toEqual([undefined]);
  });
});
