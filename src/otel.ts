/**
 * miro-rx/otel: OpenTelemetry traces and metrics of every call. The only module of miro-rx that
 * imports `@opentelemetry/api` (an optional peer dependency): an app that never imports it
 * loads no OpenTelemetry code, and a browser bundle never needs the package.
 *
 * @example
 * ```ts
 * import { useOpenTelemetry } from 'miro-rx/otel';
 * useOpenTelemetry(); // every client created from now on emits through the global providers
 * ```
 * @packageDocumentation
 */
export { openTelemetry, useOpenTelemetry, type OpenTelemetryOptions } from './telemetry/otel/open-telemetry.js';
export { MIRO_ATTRIBUTES, MIRO_METRICS, INSTRUMENTATION_NAME } from './telemetry/otel/telemetry-names.js';
export type { MiroTelemetry } from './telemetry/miro-telemetry.js';
