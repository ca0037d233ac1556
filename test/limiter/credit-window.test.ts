import { describe, expect, it } from 'vitest';
import { UNKNOWN_WINDOW, windowAfterRateLimited, windowAfterReport, windowAfterRoll, windowEndsAt } from '../../src/limiter/credit-window.js';

const T = 1_700_000_040_000;

describe('credit window rules', () => {
  it('the first answer opens the window with what the server says is left', () => {
    const { window, available } = windowAfterReport(UNKNOWN_WINDOW, { remaining: 700, resetAt: T, limit: 2000 }, 2000);
    expect(available).toBe(700);
    expect(windowEndsAt(window)).toBe(T);
  });

  it('a budget below the server limit leaves the difference to others', () => {
    expect(windowAfterReport(UNKNOWN_WINDOW, { remaining: 2000, resetAt: T, limit: 2000 }, 1500).available).toBe(1500);
  });

  it('ignores stale answers: a higher remaining in the same window, or an older window', () => {
    const opened = windowAfterReport(UNKNOWN_WINDOW, { remaining: 900, resetAt: T, limit: 2000 }, 2000).window;
    expect(windowAfterReport(opened, { remaining: 950, resetAt: T, limit: 2000 }, 2000).available).toBeUndefined();
    expect(windowAfterReport(opened, { remaining: 10, resetAt: T - 2000, limit: 2000 }, 2000).available).toBeUndefined();
    expect(windowAfterReport(opened, { remaining: 850, resetAt: T, limit: 2000 }, 2000).available).toBe(850);
  });

  it('marks stale answers, whose requests the server already counted, and only those', () => {
    const opened = windowAfterReport(UNKNOWN_WINDOW, { remaining: 900, resetAt: T, limit: 2000 }, 2000).window;
    expect(windowAfterReport(opened, { remaining: 950, resetAt: T, limit: 2000 }, 2000).stale).toBe(true);
    expect(windowAfterReport(opened, { remaining: 900, resetAt: T, limit: 2000 }, 2000).stale).toBe(true);
    expect(windowAfterReport(opened, { remaining: 10, resetAt: T - 2000, limit: 2000 }, 2000).stale).toBe(true);
    const rolled = windowAfterRoll(opened, T, 2000, 2000).window;
    expect(windowAfterReport(rolled, { remaining: 0, resetAt: T, limit: 2000 }, 2000).stale).toBe(true);
    // Answers that tell something new resync instead.
    expect(windowAfterReport(UNKNOWN_WINDOW, { remaining: 900, resetAt: T, limit: 2000 }, 2000).stale).toBeUndefined();
    expect(windowAfterReport(opened, { remaining: 850, resetAt: T, limit: 2000 }, 2000).stale).toBeUndefined();
    expect(windowAfterReport(rolled, { remaining: 1900, resetAt: T + 2000, limit: 2000 }, 2000).stale).toBeUndefined();
  });

  it('the local roll opens the next window once; answers from before it are then stale', () => {
    const opened = windowAfterReport(UNKNOWN_WINDOW, { remaining: 0, resetAt: T, limit: 2000 }, 2000).window;
    const rolled = windowAfterRoll(opened, T, 2000, 2000);
    expect(rolled.available).toBe(2000);
    expect(windowEndsAt(rolled.window)).toBe(T + 2000);
    expect(windowAfterRoll(rolled.window, T, 2000, 2000).available).toBeUndefined(); // a late duplicate timer
    expect(windowAfterReport(rolled.window, { remaining: 0, resetAt: T, limit: 2000 }, 2000).available).toBeUndefined();
    // The server's first answer of the new window takes over, even when its window length differs.
    const next = windowAfterReport(rolled.window, { remaining: 1900, resetAt: T + 1000, limit: 2000 }, 2000);
    expect(next.available).toBe(1900);
    expect(windowEndsAt(next.window)).toBe(T + 1000);
  });

  it('a 429 closes the window until its reset, even after an early local roll', () => {
    const opened = windowAfterReport(UNKNOWN_WINDOW, { remaining: 500, resetAt: T, limit: 2000 }, 2000).window;
    const rolled = windowAfterRoll(opened, T, 2000, 2000).window;
    const limited = windowAfterRateLimited(rolled, T);
    expect(limited.available).toBe(0);
    expect(windowEndsAt(limited.window)).toBe(T);
    expect(windowAfterRateLimited(limited.window, T - 5000).available).toBeUndefined();
  });
});
