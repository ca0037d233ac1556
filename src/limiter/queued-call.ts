import type { MiroError } from '../errors/miro-errors.js';
import type { MiroRequest } from '../http/miro-request.js';

/** One call waiting in the credit queue (then granted, or cancelled). */
export interface QueuedCall {
  /** Bottleneck's job id. */
  readonly id: string;
  /** Credits it costs. */
  readonly weight: number;
  readonly queuedAt: number;
  readonly request: MiroRequest;
  /** This client's bound on its wait for a window (the bounded-wait policy). */
  readonly maxWaitMs: number;
  granted: boolean;
  cancelled: boolean;
  /** Takes it out of the queue and fails it (its wait is too long, its deadline passed). */
  fail?: (error: MiroError) => void;
}

let jobCounter = 0;

export function queuedCall(request: MiroRequest, maxWaitMs: number): QueuedCall {
  return { id: `miro-rx-${++jobCounter}`, weight: request.creditCost, request, maxWaitMs, queuedAt: Date.now(), granted: false, cancelled: false };
}

/** Calls not yet granted, in queue order (one priority, so Bottleneck's order), and their credits. */
export class CreditQueue {
  readonly #calls: QueuedCall[] = [];
  #credits = 0;

  get length(): number {
    return this.#calls.length;
  }

  get credits(): number {
    return this.#credits;
  }

  add(call: QueuedCall): void {
    this.#calls.push(call);
    this.#credits += call.weight;
  }

  /** False when the call was no longer queued. */
  remove(call: QueuedCall): boolean {
    const index = this.#calls.indexOf(call);
    if (index < 0) return false;
    this.#calls.splice(index, 1);
    this.#credits -= call.weight;
    return true;
  }

  /** The first call still waiting. */
  head(): QueuedCall | undefined {
    return this.#calls.find((call) => !call.cancelled);
  }

  /** A copy of the calls still waiting (neither granted nor cancelled), safe to fail while iterating. */
  waiting(): QueuedCall[] {
    return this.#calls.filter((call) => !call.granted && !call.cancelled);
  }
}
