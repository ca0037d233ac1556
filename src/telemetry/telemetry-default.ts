import { processWide } from '../limiter/process-wide.js';
import type { MiroTelemetry } from './miro-telemetry.js';

// One per process, so that turning telemetry on in the ESM build also reaches the CommonJS one.
const slot = processWide('telemetry-default', () => ({ telemetry: undefined as MiroTelemetry | undefined }));

/** Sets the telemetry of clients created without a `telemetry` option (undefined: none). */
export function useTelemetry(telemetry: MiroTelemetry | undefined): void {
  slot.telemetry = telemetry;
}

/** The telemetry a client gets from its option, or the process's default. `false` turns it off. */
export function telemetryOption(option: MiroTelemetry | false | undefined): MiroTelemetry | undefined {
  if (option === false) return undefined;
  if (option === undefined) return slot.telemetry;
  if (typeof option !== 'object' || option === null || typeof option.client !== 'function') {
    throw new TypeError("MiroApi: telemetry must be what openTelemetry() of 'miro-rx/otel' returns, or false");
  }
  return option;
}
