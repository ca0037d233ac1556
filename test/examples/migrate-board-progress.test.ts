import { describe, expect, it } from 'vitest';
import { creditsPerMiroMinute, formatProgressLine, type ProgressSnapshot } from '../../examples/migrate-board/src/progress-line.js';

const base: ProgressSnapshot = {
  phase: 'items',
  pass: 1,
  itemsSettled: 500,
  itemsTotal: 2000,
  tagLinks: 0,
  connectors: 0,
  failed: 3,
  credits: 50_000,
  elapsedMs: 10_000,
  queued: 12,
  windowMs: 60_000,
};

describe('the progress line', () => {
  it('fits the terminal width, however narrow', () => {
    for (const columns of [200, 120, 80, 60, 40, 20]) {
      const line = formatProgressLine(base, columns);
      expect(line.length, `${columns} columns: ${line}`).toBeLessThan(Math.max(columns, 21));
    }
    expect(formatProgressLine(base, 80)).toMatch(/^items \[#+-+\] \| 500\/2000 items \| ETA 30s/);
  });

  it('shows time left only while items are being copied on the first pass, and never NaN or Infinity', () => {
    expect(formatProgressLine({ ...base, itemsSettled: 0 }, 120)).not.toMatch(/ETA|NaN|Infinity/);
    expect(formatProgressLine({ ...base, elapsedMs: 0 }, 120)).not.toMatch(/ETA|NaN|Infinity/);
    expect(formatProgressLine({ ...base, itemsSettled: 2000 }, 120)).not.toMatch(/ETA/);
    expect(formatProgressLine({ ...base, pass: 2 }, 120)).not.toMatch(/ETA/);
    expect(formatProgressLine({ ...base, pass: 2 }, 120)).toMatch(/^pass 2 items/);
  });

  it('shows no full item bar in later phases: counts of what those phases copy instead', () => {
    const line = formatProgressLine({ ...base, phase: 'connectors', itemsSettled: 2000, tagLinks: 363, connectors: 120 }, 120);
    expect(line).not.toContain('[');
    expect(line).not.toMatch(/ETA/);
    expect(line).toContain('363 tag links | 120 connectors');
  });

  it('states credits per Miro minute, and labels a scaled window', () => {
    // 50,000 credits within the first minute: 50,000 per minute so far, not 300,000.
    expect(creditsPerMiroMinute(base)).toBe('50,000 credits/Miro min');
    // 50,000 credits in 10 s on a 5 s window: 25,000 per window, that is per Miro minute.
    expect(creditsPerMiroMinute({ ...base, windowMs: 5_000 })).toBe('25,000 credits/Miro min (1 min = 5s here)');
    expect(creditsPerMiroMinute({ ...base, elapsedMs: 7_900, credits: 200_000, windowMs: 5_000 })).toBe('100,000 credits/Miro min (1 min = 5s here)');
    expect(formatProgressLine({ ...base, phase: 'starting' }, 120)).not.toContain('tag links');
  });
});
