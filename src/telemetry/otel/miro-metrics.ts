import { type Attributes, type Counter, createNoopMeter, type Histogram, type MeterProvider, metrics } from '@opentelemetry/api';
import type { TelemetryBudget } from '../miro-telemetry.js';
import { budgetId } from './budget-id.js';
import { INSTRUMENTATION_NAME, MIRO_ATTRIBUTES, MIRO_METRICS } from './telemetry-names.js';

/** The instruments miro-rx records to, for one meter provider. */
export interface MiroInstruments {
  readonly requestDuration: Histogram;
  readonly creditsSpent: Counter;
  readonly rateLimited: Counter;
  readonly queueWait: Histogram;
}

// The convention's advised boundaries for request durations, in seconds.
const DURATION_BOUNDARIES = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
// Waits for credits run from nothing to a whole minute's window.
const WAIT_BOUNDARIES = [0.001, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 20, 30, 60];
const NOOP_METER = createNoopMeter().constructor;

// Per provider: its instruments, or null for a no-op provider (no SDK): then nothing is recorded.
const byProvider = new WeakMap<MeterProvider, MiroInstruments | null>();
// Budgets whose queued and in-flight counts the gauges report, while some client holds them.
const budgets = new Map<string, WeakRef<TelemetryBudget>>();

/** Remembers a budget for the gauges (the latest handle of a budget id wins: they share one limiter). */
export function watchBudget(budget: TelemetryBudget): string {
  const id = budgetId(budget.key);
  budgets.set(id, new WeakRef(budget));
  return id;
}

/**
 * The instruments of `provider` (the global one when none is given, looked up at every call so
 * that an SDK started after the client still counts); undefined while it is a no-op.
 */
export function instrumentsOf(provider: MeterProvider | undefined): MiroInstruments | undefined {
  const meters = provider ?? metrics.getMeterProvider();
  let found = byProvider.get(meters);
  if (found === undefined) byProvider.set(meters, (found = createInstruments(meters)));
  return found ?? undefined;
}

function createInstruments(provider: MeterProvider): MiroInstruments | null {
  const meter = provider.getMeter(INSTRUMENTATION_NAME);
  if (meter.constructor === NOOP_METER) return null;
  const queued = meter.createObservableGauge(MIRO_METRICS.queued, { unit: '{request}', description: 'Requests waiting for credits, per budget' });
  const inFlight = meter.createObservableGauge(MIRO_METRICS.inFlight, { unit: '{request}', description: 'Requests sent and not yet answered, per budget' });
  meter.addBatchObservableCallback(
    (result) => {
      for (const [id, ref] of budgets) {
        const budget = ref.deref();
        if (!budget) {
          budgets.delete(id);
          continue;
        }
        const state = budget.snapshot();
        const attributes: Attributes = { [MIRO_ATTRIBUTES.budgetId]: id };
        result.observe(queued, state?.queued ?? 0, attributes);
        result.observe(inFlight, state?.inFlight ?? 0, attributes);
      }
    },
    [queued, inFlight],
  );
  return {
    requestDuration: meter.createHistogram(MIRO_METRICS.requestDuration, {
      unit: 's',
      description: 'Duration of HTTP client requests',
      advice: { explicitBucketBoundaries: DURATION_BOUNDARIES },
    }),
    creditsSpent: meter.createCounter(MIRO_METRICS.creditsSpent, { unit: '{credit}', description: 'Credits charged for attempts sent, per budget' }),
    rateLimited: meter.createCounter(MIRO_METRICS.rateLimited, { unit: '{response}', description: '429 responses, per budget' }),
    queueWait: meter.createHistogram(MIRO_METRICS.queueWait, {
      unit: 's',
      description: 'Time an attempt waited for credits',
      advice: { explicitBucketBoundaries: WAIT_BOUNDARIES },
    }),
  };
}
