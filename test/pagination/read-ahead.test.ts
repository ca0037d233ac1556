import { describe, expect, it } from 'vitest';
import { concatMap, map, of, Subject, take, tap, timer, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { paginateItems, paginatePages, processWithReadAhead } from '../../src/pagination/index.js';
import { cursorList, fakeOperation } from './support/fake-operation.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const operation = fakeOperation('cursor', 2);

describe('paging timing (TestScheduler)', () => {
  it('without read-ahead, requests each next page as soon as the page before is emitted', () => {
    newScheduler().run(({ cold, expectObservable, flush }) => {
      const list = cursorList(6, (body) => cold('--(a|)', { a: body }));
      const pages$ = paginatePages<number>(operation, list.fetchPage, {});
      expectObservable(pages$.pipe(map((page) => page.items.join(',')))).toBe('--a-b-(c|)', { a: '0,1', b: '2,3', c: '4,5' });
      flush();
      expect(list.calls).toEqual([{ limit: 2 }, { limit: 2, cursor: '2' }, { limit: 2, cursor: '4' }]);
    });
  });

  it('with readAhead 1, requests the next page only once every item of the last one is processed', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      const requestedAt: number[] = [];
      const list = cursorList(6, (body) => cold('--(a|)', { a: body }));
      const fetchPage: typeof list.fetchPage = (query, options) => {
        requestedAt.push(scheduler.now());
        return list.fetchPage(query, options);
      };
      // Each item takes 10 frames to process.
      const done$ = processWithReadAhead(
        (processed$) => paginateItems<number>(operation, fetchPage, {}, { readAhead: 1, processed$ }),
        (item) => timer(10).pipe(map(() => item)),
      );
      expectObservable(done$).toBe('12ms a 9ms b 11ms c 9ms d 11ms e 9ms (f|)', { a: 0, b: 1, c: 2, d: 3, e: 4, f: 5 });
      flush();
      expect(requestedAt).toEqual([0, 22, 44]);
    });
  });

  it('with readAhead 2, keeps one page in hand while the consumer works on another', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, flush }) => {
      const requestedAt: number[] = [];
      const list = cursorList(8, (body) => cold('--(a|)', { a: body }));
      const fetchPage: typeof list.fetchPage = (query, options) => {
        requestedAt.push(scheduler.now());
        return list.fetchPage(query, options);
      };
      const done: number[] = [];
      processWithReadAhead(
        (processed$) => paginateItems<number>(operation, fetchPage, {}, { readAhead: 2, processed$ }),
        (item) => timer(10).pipe(map(() => item)),
      ).subscribe((item) => done.push(item));
      flush();
      expect(done).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      // Page 2 is fetched at once; page 3 only when page 1 is done (at 22), page 4 when page 2 is (at 42).
      expect(requestedAt).toEqual([0, 2, 22, 42]);
    });
  });

  it('never holds more than K pages ahead of the consumer, on a long list with a slow consumer', () => {
    for (const readAhead of [1, 2, 3, 5]) {
      newScheduler().run(({ cold, flush }) => {
        const pageSize = 50;
        const total = 50 * 40;
        let fetchedPages = 0;
        let processedItems = 0;
        let worstAhead = 0;
        const list = cursorList(total, (body) => cold('-----(a|)', { a: body }));
        const fetchPage: typeof list.fetchPage = (query, options) => {
          fetchedPages += 1;
          // Pages fetched or in flight, less those the consumer has entirely finished.
          worstAhead = Math.max(worstAhead, fetchedPages - Math.floor(processedItems / pageSize));
          return list.fetchPage(query, options);
        };
        const done: number[] = [];
        processWithReadAhead(
          (processed$) => paginateItems<number>(fakeOperation('cursor', pageSize), fetchPage, {}, { readAhead, processed$ }),
          (item) => timer(3).pipe(map(() => item)),
        )
          .pipe(tap(() => (processedItems += 1)))
          .subscribe((item) => done.push(item));
        flush();
        expect(done).toEqual(Array.from({ length: total }, (_, i) => i));
        expect(fetchedPages).toBe(40);
        expect(worstAhead).toBe(readAhead);
      });
    }
  });

  it('without read-ahead, a slow consumer lets the reader run through the whole list (what the bound prevents)', () => {
    newScheduler().run(({ cold, flush }) => {
      let fetchedPages = 0;
      let processedItems = 0;
      let worstAhead = 0;
      const list = cursorList(50 * 40, (body) => cold('-----(a|)', { a: body }));
      const fetchPage: typeof list.fetchPage = (query, options) => {
        fetchedPages += 1;
        worstAhead = Math.max(worstAhead, fetchedPages - Math.floor(processedItems / 50));
        return list.fetchPage(query, options);
      };
      paginateItems<number>(fakeOperation('cursor', 50), fetchPage, {})
        .pipe(concatMap((item) => timer(3).pipe(map(() => item))))
        .subscribe(() => (processedItems += 1));
      flush();
      expect(worstAhead).toBeGreaterThan(30);
    });
  });

  it('counts pages, not items, for the pages variant', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, flush }) => {
      const requestedAt: number[] = [];
      const list = cursorList(6, (body) => cold('--(a|)', { a: body }));
      const fetchPage: typeof list.fetchPage = (query, options) => {
        requestedAt.push(scheduler.now());
        return list.fetchPage(query, options);
      };
      const processed$ = new Subject<void>();
      const indexes: number[] = [];
      paginatePages<number>(operation, fetchPage, {}, { readAhead: 1, processed$ }).subscribe((page) => {
        indexes.push(page.index);
        timer(7).subscribe(() => processed$.next());
      });
      flush();
      expect(indexes).toEqual([0, 1, 2]);
      expect(requestedAt).toEqual([0, 9, 18]);
    });
  });

  it('unsubscribing while waiting for the consumer requests nothing more', () => {
    newScheduler().run(({ cold, flush }) => {
      const list = cursorList(100, (body) => cold('--(a|)', { a: body }));
      const processed$ = new Subject<void>();
      const subscription = paginateItems<number>(operation, list.fetchPage, {}, { readAhead: 1, processed$ }).subscribe();
      flush();
      expect(list.calls).toHaveLength(1);
      subscription.unsubscribe();
      processed$.next();
      processed$.next();
      flush();
      expect(list.calls).toHaveLength(1);
    });
  });

  it('take(n) asks for no page beyond the one that satisfied it', () => {
    newScheduler().run(({ cold, flush }) => {
      const list = cursorList(100, (body) => cold('--(a|)', { a: body }));
      const items: number[] = [];
      paginateItems<number>(fakeOperation('cursor', 50), list.fetchPage, {})
        .pipe(take(5))
        .subscribe((item) => items.push(item));
      flush();
      expect(items).toEqual([0, 1, 2, 3, 4]);
      expect(list.calls).toHaveLength(1);
    });
  });
});

describe('read-ahead options', () => {
  it('readAhead without processed$ is refused with a clear error', async () => {
    const list = cursorList(10, (body) => of(body));
    const error = await new Promise((resolve) => paginateItems(operation, list.fetchPage, {}, { readAhead: 2 }).subscribe({ error: resolve }));
    expect(String(error)).toContain('readAhead needs processed$');
    expect(list.calls).toHaveLength(0);
  });

  it('readAhead must be a whole number of pages, at least 1', async () => {
    const list = cursorList(10, (body) => of(body));
    const error = await new Promise((resolve) =>
      paginateItems(operation, list.fetchPage, {}, { readAhead: 0, processed$: new Subject() }).subscribe({ error: resolve }),
    );
    expect(String(error)).toContain('readAhead must be an integer >= 1');
  });

  it('an error on processed$ ends the read with that error', async () => {
    const list = cursorList(10, (body) => timer(1).pipe(map(() => body)));
    const processed$ = new Subject<void>();
    const result = new Promise((resolve) =>
      paginateItems(operation, list.fetchPage, {}, { readAhead: 1, processed$ }).pipe(toArray()).subscribe({ error: resolve }),
    );
    processed$.error(new Error('consumer failed'));
    expect(String(await result)).toContain('consumer failed');
  });
});
