import type { SimulatorLogEntry } from './types.js';

/**
 * The simulator's request log. It keeps the newest `capacity` entries so that a long benchmark
 * cannot grow it without bound.
 */
export class RequestLog {
  entries: SimulatorLogEntry[] = [];

  constructor(private readonly capacity = 100_000) {}

  add(entry: SimulatorLogEntry): void {
    this.entries.push(entry);
    // Drop the oldest tenth at once: cheaper than shifting one entry per request.
    if (this.entries.length > this.capacity) this.entries.splice(0, Math.ceil(this.capacity / 10));
  }

  clear(): void {
    this.entries = [];
  }
}
