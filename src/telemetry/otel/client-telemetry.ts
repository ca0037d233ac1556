import { type Attributes, type MeterProvider, SpanKind, type Tracer } from '@opentelemetry/api';
import type { CallTrace, ClientTelemetry, TelemetryBudget, TracedOperation, TracedWork } from '../miro-telemetry.js';
import { activeContext } from './active-context.js';
import { activeCallTrace, CallSpan } from './call-span.js';
import { instrumentsOf, watchBudget } from './miro-metrics.js';
import { MIRO_ATTRIBUTES } from './telemetry-names.js';
import { WorkSpan } from './work-span.js';

/**
 * One client's link to OpenTelemetry. Each call asks the tracer for a span and the meter
 * provider for instruments; when the span does not record (no SDK, or sampled out) and the
 * provider is a no-op, the call gets no trace at all and does no further telemetry work.
 */
export class OtelClientTelemetry implements ClientTelemetry {
  readonly #budget: Attributes;

  constructor(
    readonly tracer: Tracer,
    readonly meterProvider: MeterProvider | undefined,
    budget: TelemetryBudget | undefined,
  ) {
    this.#budget = budget ? { [MIRO_ATTRIBUTES.budgetId]: watchBudget(budget) } : {};
  }

  call(operation: TracedOperation): TracedWork | undefined {
    const parent = activeContext();
    const span = this.tracer.startSpan(operation.operationId, { kind: SpanKind.INTERNAL }, parent);
    const instruments = instrumentsOf(this.meterProvider);
    if (!span.isRecording() && !instruments) return undefined;
    return new CallSpan(span, parent, operation, { owner: this, tracer: this.tracer, instruments, budget: this.#budget });
  }

  work(name: string, operationId: string, root = false): TracedWork | undefined {
    const parent = activeContext();
    const span = this.tracer.startSpan(name, { kind: SpanKind.INTERNAL, root }, parent);
    if (!span.isRecording()) return undefined;
    span.setAttribute(MIRO_ATTRIBUTES.operationId, operationId);
    return new WorkSpan(span, parent);
  }

  activeCall(): CallTrace | undefined {
    return activeCallTrace(this);
  }
}
