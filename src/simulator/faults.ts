import type { SimulatorFaults } from './types.js';
import { seededRandom } from './seeded-random.js';

/** What happens to one request. */
export interface FaultDecision {
  serverError?: 500 | 502 | 503;
  resetBeforeActing?: boolean;
  resetAfterActing?: boolean;
  invalidJson?: boolean;
  slowBodyMs?: number;
  latencyMs: number;
}

const NONE: FaultDecision = { latencyMs: 0 };
const SERVER_ERRORS = [500, 502, 503] as const;
const DEFAULT_SLOW_BODY_MS = 200;

/**
 * Draws faults from a seeded generator. Every request the faults apply to takes the same
 * number of draws whatever the rates, so a given seed and request order always give the
 * same faults. A slow-body rate takes one more draw per request.
 */
export class FaultInjector {
  #faults: SimulatorFaults | undefined;
  #random: () => number;

  constructor(faults: SimulatorFaults | undefined, seed: number) {
    this.#random = seededRandom(seed);
    this.set(faults);
  }

  set(faults: SimulatorFaults | undefined): void {
    if (faults) checkFaults(faults);
    this.#faults = faults;
  }

  decide(operationId: string): FaultDecision {
    const faults = this.#faults;
    if (!faults) return NONE;
    const latency = faults.latency && (!faults.latency.operations || faults.latency.operations.includes(operationId)) ? faults.latency.ms : 0;
    if (faults.operations && !faults.operations.includes(operationId)) return { latencyMs: latency };
    const draws = [this.#random(), this.#random(), this.#random(), this.#random(), this.#random()] as const;
    const decision: FaultDecision = { latencyMs: latency };
    if (faults.slowBodyRate === undefined) {
      if (faults.slowBodyMs) decision.slowBodyMs = faults.slowBodyMs;
    } else if (this.#random() < faults.slowBodyRate) {
      decision.slowBodyMs = faults.slowBodyMs ?? DEFAULT_SLOW_BODY_MS;
    }
    if (draws[0] < (faults.resetBeforeActingRate ?? 0)) decision.resetBeforeActing = true;
    else if (draws[1] < (faults.serverErrorRate ?? 0)) decision.serverError = SERVER_ERRORS[Math.floor(draws[2] * 3)]!;
    else if (draws[3] < (faults.resetAfterActingRate ?? 0)) decision.resetAfterActing = true;
    else if (draws[4] < (faults.invalidJsonRate ?? 0)) decision.invalidJson = true;
    return decision;
  }
}

function checkFaults(faults: SimulatorFaults): void {
  for (const key of ['serverErrorRate', 'resetBeforeActingRate', 'resetAfterActingRate', 'invalidJsonRate', 'slowBodyRate'] as const) {
    const rate = faults[key];
    if (rate !== undefined && !(typeof rate === 'number' && rate >= 0 && rate <= 1)) {
      throw new RangeError(`faults.${key} must be a number from 0 to 1, got ${String(rate)}`);
    }
  }
  if (faults.slowBodyMs !== undefined && !(faults.slowBodyMs >= 0)) throw new RangeError(`faults.slowBodyMs must be 0 or more, got ${faults.slowBodyMs}`);
  if (faults.latency && !(faults.latency.ms >= 0)) throw new RangeError(`faults.latency.ms must be 0 or more, got ${faults.latency.ms}`);
}
