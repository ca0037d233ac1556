import { type Attributes, type MeterProvider, SpanKind, type Tracer } from '@opentelemetry/api';
import type { CallTrace, ClientTelemetry, TelemetryBudget, TracedOperation, TracedWork } from '../miro-telemetry.js';
import { activeContext } from './active-context.js';
import { activeCallTrace, type CallScope, CallSpan } from './call-span.js';
import { instrumentsOf, type MiroInstruments, watchBudget } from './miro-metrics.js';
import { MIRO_ATTRIBUTES } from './telemetry-names.js';
import { WorkSpan } from './work-span.js';

// Read, never changed, by the SDK: one object for every call span.
const INTERNAL = { kind: SpanKind.INTERNAL } as const;

/**
 * One client's link to OpenTelemetry. Each call asks the tracer for a span and the meter
 * provider for instruments; when the span does not record (no SDK, or sampled out) and the
 * provider is a no-op, the call gets no trace at all and does no further telemetry work.
 */
export class OtelClientTelemetry implements ClientTelemetry {
  readonly #budget: TelemetryBudget | undefined;
  #named: { key: string; attributes: Attributes } | undefined;
  // What this client's calls share, made again only when the meter provider's instruments change.
  #scope: CallScope | undefined;

  constructor(
    readonly tracer: Tracer,
    readonly meterProvider: MeterProvider | undefined,
    budget: TelemetryBudget | undefined,
  ) {
    this.#budget = budget;
  }

  /**
   * The budget's id as of now: a client with a token function spends from the budget of the
   * token each attempt sends, so its key is read when an attempt is recorded, not once.
   */
  readonly #budgetAttributes = (): Attributes => {
    const budget = this.#budget;
    if (!budget) return {};
    if (this.#named?.key !== budget.key) this.#named = { key: budget.key, attributes: { [MIRO_ATTRIBUTES.budgetId]: watchBudget(budget) } };
    return this.#named.attributes;
  };

  call(operation: TracedOperation): TracedWork | undefined {
    const parent = activeContext();
    const span = this.tracer.startSpan(operation.operationId, INTERNAL, parent);
    const instruments = instrumentsOf(this.meterProvider);
    if (!span.isRecording() && !instruments) return undefined;
    return new CallSpan(span, parent, operation, this.#scopeWith(instruments));
  }

  #scopeWith(instruments: MiroInstruments | undefined): CallScope {
    let scope = this.#scope;
    if (!scope || scope.instruments !== instruments) {
      scope = this.#scope = { owner: this, tracer: this.tracer, instruments, budget: this.#budgetAttributes };
    }
    return scope;
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
