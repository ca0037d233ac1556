import { type MeterProvider, type TracerProvider, trace } from '@opentelemetry/api';
import type { MiroTelemetry } from '../miro-telemetry.js';
import { useTelemetry } from '../telemetry-default.js';
import { OtelClientTelemetry } from './client-telemetry.js';
import { INSTRUMENTATION_NAME } from './telemetry-names.js';

/** Options of `openTelemetry()`: the providers to emit through (default: the global ones). */
export interface OpenTelemetryOptions {
  /** Default: the global tracer provider (`trace.getTracerProvider()`), which follows a later SDK start. */
  tracerProvider?: TracerProvider;
  /** Default: the global meter provider, looked up at each call. */
  meterProvider?: MeterProvider;
}

/**
 * Telemetry through OpenTelemetry, for the `telemetry` option of a client: a span per call
 * (named for the operation) with an HTTP client span per attempt beneath it, and metrics of
 * durations, credits, 429s and waits. With no SDK registered it costs one span check per call.
 *
 * @example
 * ```ts
 * import { openTelemetry } from 'miro-rx/otel';
 * const api = new MiroApi(token, { telemetry: openTelemetry() });
 * ```
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): MiroTelemetry {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_NAME);
  const meterProvider = options.meterProvider;
  return { client: (budget) => new OtelClientTelemetry(tracer, meterProvider, budget) };
}

/**
 * Turns telemetry on for every client created afterwards without a `telemetry` option (those of
 * `Miro.as` included), in this process: call it once, where the service starts its SDK.
 *
 * @example
 * ```ts
 * import { useOpenTelemetry } from 'miro-rx/otel';
 * sdk.start();
 * useOpenTelemetry();
 * ```
 */
export function useOpenTelemetry(options: OpenTelemetryOptions = {}): void {
  useTelemetry(openTelemetry(options));
}
