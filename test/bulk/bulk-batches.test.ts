import { describe, expect, it } from 'vitest';
import { TestScheduler } from 'rxjs/testing';
import { intoBulkBatches, type BulkBatch } from '../../src/bulk/bulk-batches.js';
import { inInputOrder } from '../../src/bulk/in-input-order.js';
import type { BulkEntry } from '../../src/bulk/bulk-entry.js';

type Sendable = Exclude<BulkEntry, { kind: 'invalid' }>;
const json = (index: number): Sendable => ({ kind: 'json', index, input: { type: 'sticky_note' } });
const file = (index: number, bytes: number): Sendable => ({
  kind: 'file',
  index,
  bytes,
  input: { type: 'image', file: { data: new Uint8Array(0), fileName: `${index}.png` } },
});
const indexes = (batch: BulkBatch) => `${batch.kind}:${batch.entries.map((entry) => entry.index).join(',')}`;

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('intoBulkBatches', () => {
  it('lets a batch leave as soon as it is full, the rest when the source completes', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const entries = { a: json(0), b: json(1), c: json(2), d: file(3, 10), e: json(4) };
      const source = cold('a-b-c-d-e-|', entries);
      const batches$ = source.pipe(intoBulkBatches({ maxItems: 3, maxBytes: 100 }));
      expectObservable(batches$).toBe('----x-----(yz|)', {
        x: { kind: 'json', entries: [entries.a, entries.b, entries.c] },
        // At completion the file batch holds the earlier input (3), so it leaves first.
        y: { kind: 'file', entries: [entries.d] },
        z: { kind: 'json', entries: [entries.e] },
      });
      expectSubscriptions(source.subscriptions).toBe('^---------!');
    });
  });

  it('closes a file batch before the next file would pass the byte limit', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const entries = { a: file(0, 60), b: file(1, 40), c: file(2, 1), d: file(3, 100) };
      const batches$ = cold('abcd|', entries).pipe(intoBulkBatches({ maxItems: 20, maxBytes: 100 }));
      expectObservable(batches$).toBe('--xy(z|)', {
        x: { kind: 'file', entries: [entries.a, entries.b] },
        y: { kind: 'file', entries: [entries.c] },
        z: { kind: 'file', entries: [entries.d] },
      });
    });
  });

  it('passes a source error on', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a#', { a: json(0) }).pipe(intoBulkBatches({ maxItems: 20, maxBytes: 100 }))).toBe('-#');
    });
  });
});

describe('inInputOrder', () => {
  it('holds each result only until every earlier index is out', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const groups = { a: [{ index: 2 }, { index: 3 }], b: [{ index: 0 }], c: [{ index: 1 }] };
      expectObservable(cold('a-b-c-----|', groups).pipe(inInputOrder())).toBe('--x-(yzw)-|', {
        x: { index: 0 },
        y: { index: 1 },
        z: { index: 2 },
        w: { index: 3 },
      });
    });
  });

  it('emits what it still holds, in order, if the source completes with a gap', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const groups = { a: [{ index: 3 }, { index: 1 }] };
      expectObservable(cold('a|', groups).pipe(inInputOrder())).toBe('-(yz|)', { y: { index: 1 }, z: { index: 3 } });
    });
  });
});

describe('batches as a whole', () => {
  it('keeps every index exactly once', () => {
    const seen: string[] = [];
    scheduler().run(({ cold, expectObservable }) => {
      const values = Object.fromEntries(Array.from({ length: 5 }, (_, n) => [String.fromCharCode(97 + n), n % 2 ? json(n) : file(n, 30)]));
      const batches$ = cold('abcde|', values).pipe(intoBulkBatches({ maxItems: 2, maxBytes: 100 }));
      batches$.subscribe((batch) => seen.push(indexes(batch)));
      expectObservable(batches$).toBe('--xy-(z|)', {
        x: { kind: 'file', entries: [values.a, values.c] },
        y: { kind: 'json', entries: [values.b, values.d] },
        z: { kind: 'file', entries: [values.e] },
      });
    });
    expect(seen).toEqual(['file:0,2', 'json:1,3', 'file:4']);
  });
});
