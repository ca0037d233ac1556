import { describe, expect, it } from 'vitest';
import { WatchPacing, type BudgetView } from '../../src/watch/watch-pacing.js';
import { watchSettings } from '../../src/watch/watch-board-options.js';
import { diffBoardItems } from '../../src/watch/diff-board-items.js';

const MINUTE = 60_000;
const settings = (options = {}) => watchSettings('board', options);
const fullBudget = (): BudgetView => ({ budget: 100_000, windowMs: MINUTE });

describe('WatchPacing', () => {
  it('reads a small board every intervalMs: its cost is far below the share', () => {
    const pacing = new WatchPacing(settings({ intervalMs: 5_000 }), fullBudget);
    expect(pacing.delayMs(0)).toBe(0);
    pacing.record(0, 200); // 100 items: 2 pages of 50, 100 credits each
    expect(pacing.delayMs(300)).toBe(4_700);
  });

  it('spaces the reads of a big board so that they spend at most the share per window', () => {
    const pacing = new WatchPacing(settings(), fullBudget);
    pacing.spent(0, 20_000);
    pacing.record(0, 20_000); // 10,000 items: 200 pages
    // 20,000 credits per read at a 25,000-credit share: the rate alone would allow one every
    // 48 s, but two reads never fit in one sliding minute, so one a minute.
    expect(pacing.delayMs(2_000)).toBe(MINUTE - 2_000);
    const half = new WatchPacing(settings({ maxBudgetShare: 0.1 }), fullBudget);
    half.spent(0, 20_000);
    half.record(0, 20_000);
    expect(half.delayMs(0)).toBe(2 * MINUTE); // bigger than the whole share: every second window
  });

  it('never takes more than its share of what is left: waits for the next window instead', () => {
    let left = 100_000;
    const budget = (): BudgetView => ({ budget: 100_000, windowMs: MINUTE, creditsLeft: left, windowResetsAt: 30_000 });
    const pacing = new WatchPacing(settings({ intervalMs: 1_000 }), budget);
    pacing.record(0, 2_000);
    expect(pacing.delayMs(0)).toBe(4_800); // 2,000 credits at 25,000 a minute
    left = 7_000; // the user's own calls spent the rest: 2,000 > 25% of 7,000
    expect(pacing.delayMs(0)).toBe(30_000);
  });

  it('keeps reads of any sliding window within the share', () => {
    const pacing = new WatchPacing(settings({ intervalMs: 0 }), fullBudget);
    let now = 0;
    let spent = 0;
    const starts: number[] = [];
    for (let read = 0; read < 200; read++) {
      now += pacing.delayMs(now);
      starts.push(now);
      // The read's pages are charged over the next 10 s; pacing only knows them once charged.
      for (let page = 0; page < 6; page++) pacing.spent(now + page * 2_000, 1_000);
      pacing.record(now, 6_000);
      now += 10_000;
      spent += 6_000;
    }
    const charges = starts.flatMap((start) => Array.from({ length: 6 }, (_, page) => start + page * 2_000));
    for (const at of charges) {
      const inWindow = charges.filter((other) => other >= at && other < at + MINUTE).length;
      expect(inWindow * 1_000).toBeLessThanOrEqual(25_000);
    }
    expect(spent / (now / MINUTE) / 100_000).toBeLessThanOrEqual(0.25);
  });
});

describe('diffBoardItems', () => {
  const item = (id: string, modifiedAt: string, content = 'x') => ({ id, type: 'sticky_note' as const, modifiedAt, data: { content } });
  it('finds adds, updates (by modifiedAt, or by content within the same second) and removals', () => {
    const before = new Map([
      ['a', item('a', 't1')],
      ['b', item('b', 't1')],
      ['c', item('c', 't1')],
    ]);
    const after = new Map([
      ['a', item('a', 't2')],
      ['b', item('b', 't1', 'same second edit')],
      ['d', item('d', 't2')],
    ]);
    expect(diffBoardItems(before, after).map((change) => `${change.kind}:${change.item.id}`)).toEqual(['updated:a', 'updated:b', 'added:d', 'removed:c']);
    expect(diffBoardItems(after, new Map(after))).toEqual([]);
  });
});
