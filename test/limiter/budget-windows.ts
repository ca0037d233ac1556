import type { SimulatorLogEntry } from '../../src/simulator/index.js';

/** Credits the server charged in each of its fixed windows (aligned to epoch multiples of `windowMs`). */
export function creditsPerWindow(log: readonly SimulatorLogEntry[], windowMs: number): Map<number, number> {
  const windows = new Map<number, number>();
  for (const entry of log) {
    const start = entry.time - (entry.time % windowMs);
    windows.set(start, (windows.get(start) ?? 0) + entry.credits);
  }
  return windows;
}
