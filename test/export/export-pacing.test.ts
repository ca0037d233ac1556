import { describe, expect, it } from 'vitest';
import { ExportPacing, nextPollInterval } from '../../src/export/export-pacing.js';

describe('ExportPacing', () => {
  it('lets calls through until the share of the window is spent, then waits for the oldest to leave it', () => {
    const pacing = new ExportPacing(() => 6_000, 60_000); // three Level 4 calls a minute
    expect(pacing.delayMs(0, 2_000)).toBe(0);
    pacing.spent(100, 2_000);
    pacing.spent(5_000, 2_000);
    expect(pacing.delayMs(5_000, 2_000)).toBe(0);
    pacing.spent(9_000, 2_000);
    // A fourth call must wait until the first charge is a whole window (and a millisecond) old.
    expect(pacing.delayMs(9_000, 2_000)).toBe(60_101 - 9_000);
    expect(pacing.delayMs(60_101, 2_000)).toBe(0);
  });

  it('reads the share afresh (the limiter may learn a smaller budget), and paces a call bigger than the share to its rate', () => {
    let share = 10_000;
    const pacing = new ExportPacing(() => share, 60_000);
    pacing.spent(0, 2_000);
    expect(pacing.delayMs(1_000, 2_000)).toBe(0);
    share = 1_000; // one call costs two windows' worth
    expect(pacing.delayMs(1_000, 2_000)).toBe(120_000 - 1_000);
  });

  it('grows the poll interval by half each time, up to its cap', () => {
    const waits = [5_000];
    while (waits.length < 9) waits.push(nextPollInterval(waits.at(-1)!, 60_000));
    expect(waits).toEqual([5_000, 7_500, 11_250, 16_875, 25_313, 37_970, 56_955, 60_000, 60_000]);
  });
});
