import type http from 'node:http';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ConsoleMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { useOpenTelemetry } from '../../../src/otel.js';
import { SpanTreePrinter } from './span-tree.js';

/**
 * `--trace`: what a service's OpenTelemetry set-up does, in a few lines. The SDK's providers are
 * registered as the global ones, with a context manager so that a call is a child of the request
 * that made it; spans are printed as a tree per request, metrics to the console every minute.
 * Then `useOpenTelemetry()` turns miro-rx's telemetry on for every client created afterwards.
 * A real service sends both to a collector instead (docs/observability.md).
 */
export function startTracing(): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SpanTreePrinter()] }));
  const reader = new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), exportIntervalMillis: 60_000 });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  useOpenTelemetry();
}

/** A server span around each request the service answers (an HTTP instrumentation would make it). */
export function tracedHandler(handler: http.RequestListener): http.RequestListener {
  const tracer = trace.getTracer('node-service');
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://service').pathname;
    tracer.startActiveSpan(`${request.method} ${path}`, (span) => {
      response.on('close', () => {
        span.setAttribute('http.response.status_code', response.statusCode);
        span.end();
      });
      handler(request, response);
    });
  };
}
