/**
 * Off by default and free when off: without the option nothing is traced; with the API but no
 * SDK registered a call gets no trace (the transport does no telemetry work); and the main
 * entry never loads `@opentelemetry/api`, so miro-rx works without the package installed.
 */
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MiroApi } from '../../src/index.js';
import { useOpenTelemetry } from '../../src/otel.js';
import { useTelemetry } from '../../src/telemetry/telemetry-default.js';
import { callOf } from '../../src/transport/miro-call.js';
import { startRecordingServer } from '../support/recording-server.js';
import { testSdk } from './support/telemetry-sdk.js';

const ROOT = resolve(import.meta.dirname, '../..');
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

  it('the main entry does not import @opentelemetry/api; miro-rx/otel does, and is browser-safe', async () => {
    const inputsOf = async (entry: string) => {
      const result = await build({
        entryPoints: [entry],
        absWorkingDir: ROOT,
        bundle: true,
        write: false,
        platform: 'browser',
        format: 'esm',
        metafile: true,
        logLevel: 'silent',
      });
      return Object.keys(result.metafile.inputs);
    };
    expect((await inputsOf('src/index.ts')).filter((path) => path.includes('@opentelemetry'))).toEqual([]);
    expect((await inputsOf('src/otel.ts')).some((path) => path.includes('@opentelemetry/api'))).toBe(true);
  });
});
