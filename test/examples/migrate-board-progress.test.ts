import { spawnSync } from 'node:child_process';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RateLimitState } from '../../src/index.js';
import { RunStats } from '../../examples/board-copy/src/run-stats.js';
import { startProgressBar } from '../../examples/migrate-board/src/progress-bar.js';
import { creditsOfWindow, formatProgressLine, snapshotOf, type ProgressSnapshot } from '../../examples/migrate-board/src/progress-line.js';

const base: ProgressSnapshot = {
  phase: 'items',
  pass: 1,
  itemsSettled: 500,
  itemsTotal: 2000,
  tagLinks: 0,
  connectors: 0,
  failed: 3,
  phaseElapsedMs: 10_000,
  phaseSettled: 500,
  windowCredits: { credits: 50_000, budget: 100_000, complete: false },
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
    expect(formatProgressLine({ ...base, itemsSettled: 0, phaseSettled: 0 }, 120)).not.toMatch(/ETA|NaN|Infinity/);
    expect(formatProgressLine({ ...base, phaseElapsedMs: 0 }, 120)).not.toMatch(/ETA|NaN|Infinity/);
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

  it('states credits against the budget of the window they were spent in, and labels a scaled window', () => {
    expect(creditsOfWindow(base)).toBe('50,000/100,000 credits this window');
    expect(creditsOfWindow({ ...base, windowMs: 5_000, windowCredits: { credits: 100_000, budget: 100_000, complete: true } })).toBe(
      '100,000/100,000 credits last window (5s window here)',
    );
    expect(formatProgressLine({ ...base, phase: 'starting' }, 120)).not.toContain('tag links');
  });
});

describe('progress over a run', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const etaSeconds = (stats: RunStats) => {
    const match = formatProgressLine(snapshotOf(stats, 0, 60_000), 200).match(/ETA (\d+)(s|m)/);
    return match ? Number(match[1]) * (match[2] === 'm' ? 60 : 1) : undefined;
  };

  it('takes time left from the current phase alone, and never raises it while items complete at a steady rate', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const stats = new RunStats();
    stats.sourceTotal = 2_000;
    stats.phase = 'checking boards';
    vi.advanceTimersByTime(20_000);
    stats.phase = 'items';
    const etas: number[] = [];
    for (let second = 1; second <= 30; second++) {
      vi.advanceTimersByTime(1_000);
      stats.items.created += 50;
      etas.push(etaSeconds(stats)!);
    }
    // 50 items a second with 1,950 left: 39 s, whatever the 20 s spent before the items.
    expect(etas[0]).toBe(39);
    for (let n = 1; n < etas.length; n++) expect(etas[n], `second ${n + 1}: ${etas.join(',')}`).toBeLessThanOrEqual(etas[n - 1]!);
  });

  it('counts what a later pass retries, not the whole board again', () => {
    const stats = new RunStats();
    stats.sourceTotal = 2_000;
    stats.resetPass();
    stats.pass = 1;
    stats.items.created = 1_988;
    for (let n = 0; n < 12; n++) stats.fail(`item:${n}`, '503');
    stats.resetPass();
    stats.pass = 2;
    stats.phase = 'items';
    for (let n = 0; n < 5; n++) stats.succeed(`item:${n}`);
    stats.fail('item:5', '503 again');
    const line = formatProgressLine(snapshotOf(stats, 0, 60_000), 200);
    expect(line).toMatch(/^pass 2 items \| 6\/12 retried/);
    expect(line).not.toContain('/2000');
  });

  it('piped, prints a line at least every 10 s through a long phase, with credits never above the budget of their window', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const stats = new RunStats();
    stats.sourceTotal = 2_000;
    const states = new Subject<RateLimitState>();
    const lines: string[] = [];
    const stream = { isTTY: false, columns: 80, write: () => true };
    const stop = startProgressBar(stats, states, { windowMs: 5_000, log: (line) => lines.push(line), stream });
    stats.phase = 'items';
    const state = (creditsSpent: number, windowResetsAt: number) =>
      ({
        budget: 100_000,
        creditsSpent,
        windowResetsAt,
        queued: 0,
        queuedCredits: 0,
        inFlight: 0,
        inFlightCredits: 0,
        creditsLeft: 0,
        sent: 0,
        rateLimited: 0,
        cancelled: 0,
        waitedMs: 0,
      }) as RateLimitState;
    // 100,000 credits at the start of one window, 27,125 early in the next: 127,125 within 8 s.
    states.next(state(0, 1_005_000));
    states.next(state(100_000, 1_005_000));
    vi.advanceTimersByTime(5_100);
    states.next(state(127_125, 1_012_000));
    vi.advanceTimersByTime(30_000);
    stop();
    expect(lines.length, lines.join('\n')).toBeGreaterThanOrEqual(4);
    expect(
      lines.some((line) => line.includes('100,000/100,000 credits last window (5s window here)')),
      lines.join('\n'),
    ).toBe(true);
    expect(lines.at(-1)).toContain('27,125/100,000 credits last window');
    for (const line of lines) expect(line).not.toMatch(/1[1-9]\d,\d{3}|127,125/);
  });

  it('leaves npm no progress spinner to draw after the summary', () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_config_')));
    const result = spawnSync('npm', ['config', 'get', 'progress'], { env, encoding: 'utf8' });
    expect(result.stdout.trim()).toBe('false');
  });
});
