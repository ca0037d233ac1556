/**
 * Off by default and free when off: without the option nothing is traced; with the API but no
 * SDK registered a call gets no trace (the transport does no telemetry work). That the main
 * entry never loads `@opentelemetry/api` is checked in test/http/browser-bundle.test.ts.
 */
import { firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MiroApi } from '../../src/index.js';
import { useOpenTelemetry } from '../../src/otel.js';
import { useTelemetry } from '../../src/telemetry/telemetry-default.js';
import { callOf } from '../../src/transport/miro-call.js';
import { startRecordingServer } from '../support/recording-server.js';
import { testSdk } from './support/telemetry-sdk.js';

let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer(() => ({ body: { id: 'b1', type: 'board' } }));
});
afterAll(() => server.close());
afterEach(() => useTelemetry(undefined));

/** The trace each attempt of one call carried, as an interceptor on the client's axios sees it. */
async function tracesOf(api: MiroApi): Promise<unknown[]> {
  const traces: unknown[] = [];
  api.client.axios.interceptors.request.use((config) => {
    traces.push(callOf(config)?.trace);
    return config;
  });
  await firstValueFrom(api.getSpecificBoard('b1'));
  return traces;
}

describe('telemetry off', () => {
  it('is the default: no option, nothing turned on, no trace', async () => {
    expect(await tracesOf(new MiroApi('t', { baseUrl: server.url }))).toEqual([undefined]);
  });

  it('with useOpenTelemetry() but no SDK registered, a call gets no trace', async () => {
    useOpenTelemetry();
    expect(await tracesOf(new MiroApi('t', { baseUrl: server.url }))).toEqual([undefined]);
  });

  it('useOpenTelemetry() reaches clients created after it; `telemetry: false` opts one out', async () => {
    const sdk = testSdk();
    useOpenTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
    expect(await tracesOf(new MiroApi('t', { baseUrl: server.url }))).toEqual([expect.objectContaining({ attempt: expect.any(Function) })]);
    expect(sdk.spans().map((span) => span.name)).toContain('get-specific-board');
    sdk.reset();
    expect(await tracesOf(new MiroApi('t', { baseUrl: server.url, telemetry: false }))).toEqual([undefined]);
    expect(sdk.spans()).toEqual([]);
  });

  it('a telemetry option that is not one fails clearly', () => {
    expect(() => new MiroApi('t', { telemetry: {} as never })).toThrow(/telemetry must be what openTelemetry\(\) of 'miro-rx\/otel' returns, or false/);
  });
});
