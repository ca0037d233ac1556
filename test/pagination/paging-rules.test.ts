import { describe, expect, it } from 'vitest';
import { lastValueFrom, of, toArray } from 'rxjs';
import { MiroPaginationError, paginateItems, paginatePages } from '../../src/pagination/index.js';
import type { PageFetch } from '../../src/pagination/paginate.js';
import { fakeOperation } from './support/fake-operation.js';

/** A fetch that answers from a script of bodies, recording the queries it was asked. */
function scripted(...bodies: unknown[]) {
  const queries: Array<Record<string, unknown>> = [];
  const fetchPage: PageFetch = (query) => {
    queries.push(query);
    if (bodies.length === 0) throw new Error(`unexpected request ${JSON.stringify(query)}`);
    return of(bodies.shift());
  };
  return { queries, fetchPage };
}
const read = (operation: ReturnType<typeof fakeOperation>, fetchPage: PageFetch, query = {}) =>
  lastValueFrom(paginateItems(operation, fetchPage, query).pipe(toArray()));

describe('cursor stopping rules', () => {
  it('stops on an empty page even when it carries a cursor', async () => {
    const script = scripted({ data: [1, 2], cursor: 'c1' }, { data: [], cursor: 'c2' });
    expect(await read(fakeOperation('cursor'), script.fetchPage)).toEqual([1, 2]);
    expect(script.queries).toHaveLength(2);
  });

  it('treats an empty-string cursor as the end', async () => {
    const script = scripted({ data: [1], cursor: '' });
    expect(await read(fakeOperation('cursor'), script.fetchPage)).toEqual([1]);
  });

  it('refuses an answer that repeats the cursor it was asked for, instead of looping', async () => {
    const script = scripted({ data: [1], cursor: 'same' }, { data: [2], cursor: 'same' });
    const error = (await read(fakeOperation('cursor'), script.fetchPage).catch((e: unknown) => e)) as MiroPaginationError;
    expect(error).toBeInstanceOf(MiroPaginationError);
    expect(error.message).toContain('repeats the cursor');
    expect(error).toMatchObject({ resumeFrom: { cursor: 'same' }, pagesRead: 1, itemsRead: 1 });
  });

  it('refuses a cursor that cycles back to an earlier page (A -> B -> A), instead of paging for ever', async () => {
    const script = scripted({ data: [1], cursor: 'A' }, { data: [2], cursor: 'B' }, { data: [3], cursor: 'A' }, { data: [4], cursor: 'B' });
    const error = (await read(fakeOperation('cursor'), script.fetchPage).catch((e: unknown) => e)) as MiroPaginationError;
    expect(error).toBeInstanceOf(MiroPaginationError);
    expect(error.message).toContain('leads back to a page already read');
    expect(error.message).toContain('cursor A');
    // Pages 1 and 2 were emitted; the third answer, which points back to A, was not.
    expect(error).toMatchObject({ resumeFrom: { cursor: 'B' }, pagesRead: 2, itemsRead: 2 });
    expect(script.queries).toHaveLength(3);
  });

  it('refuses a cycle back to the position the read was resumed from', async () => {
    const script = scripted({ data: [1], cursor: 'B' }, { data: [2], cursor: 'start-here' }, { data: [3] });
    const pages = paginateItems(fakeOperation('cursor'), script.fetchPage, {}, { from: { cursor: 'start-here' } });
    const error = (await lastValueFrom(pages.pipe(toArray())).catch((e: unknown) => e)) as MiroPaginationError;
    expect(error).toBeInstanceOf(MiroPaginationError);
    expect(error.message).toContain('cursor start-here');
    expect(script.queries).toHaveLength(2);
  });

  it('shows a long cycling cursor clipped in the message', async () => {
    const long = 'x'.repeat(500);
    const script = scripted({ data: [1], cursor: long }, { data: [2], cursor: 'B' }, { data: [3], cursor: long });
    const error = (await read(fakeOperation('cursor'), script.fetchPage).catch((e: unknown) => e)) as MiroPaginationError;
    expect(error.message).toContain('the list cycles');
    expect(error.message.length).toBeLessThan(300);
  });

  it('refuses an answer with no list, naming what it found', async () => {
    const script = scripted({ message: 'not a page' });
    const error = (await read(fakeOperation('cursor'), script.fetchPage).catch((e: unknown) => e)) as MiroPaginationError;
    expect(error).toBeInstanceOf(MiroPaginationError);
    expect(error.message).toContain('got keys [message]');
  });
});

describe('offset stopping rules', () => {
  it('without total, stops on a short page', async () => {
    const script = scripted({ data: [1, 2, 3], limit: 3 }, { data: [4], limit: 3 });
    expect(await read(fakeOperation('offset', 3), script.fetchPage)).toEqual([1, 2, 3, 4]);
    expect(script.queries).toEqual([
      { limit: 3, offset: 0 },
      { limit: 3, offset: 3 },
    ]);
  });

  it('without total, an exact multiple ends with one empty page', async () => {
    const script = scripted({ data: [1, 2] }, { data: [3, 4] }, { data: [] });
    expect(await read(fakeOperation('offset', 2), script.fetchPage)).toEqual([1, 2, 3, 4]);
    expect(script.queries).toHaveLength(3);
  });

  it('with total, stops when the range is covered, without the extra request', async () => {
    const script = scripted({ data: [1, 2], total: 4 }, { data: [3, 4], total: 4 });
    expect(await read(fakeOperation('offset', 2), script.fetchPage)).toEqual([1, 2, 3, 4]);
    expect(script.queries).toHaveLength(2);
  });

  it('goes on when the server applied a smaller page than asked and says so in `limit`', async () => {
    const script = scripted({ data: [1, 2], limit: 2 }, { data: [3], limit: 2 });
    expect(await read(fakeOperation('offset', 50), script.fetchPage)).toEqual([1, 2, 3]);
    expect(script.queries).toEqual([
      { limit: 50, offset: 0 },
      { limit: 50, offset: 2 },
    ]);
  });

  it('resumes from an offset', async () => {
    const script = scripted({ data: [11, 12], limit: 50 });
    const pages = await lastValueFrom(paginatePages(fakeOperation('offset'), script.fetchPage, {}, { from: { offset: 10 } }).pipe(toArray()));
    expect(script.queries).toEqual([{ limit: 50, offset: 10 }]);
    expect(pages[0]).toMatchObject({ position: { offset: 10 }, next: undefined });
  });
});

describe('SCIM stopping rules', () => {
  it('pages by 1-based startIndex and stops at totalResults', async () => {
    const script = scripted({ Resources: ['a', 'b'], totalResults: 3, itemsPerPage: 2 }, { Resources: ['c'], totalResults: 3, itemsPerPage: 1 });
    expect(await read(fakeOperation('scim', 2), script.fetchPage, { count: 2 })).toEqual(['a', 'b', 'c']);
    expect(script.queries).toEqual([
      { count: 2, startIndex: 1 },
      { count: 2, startIndex: 3 },
    ]);
  });

  it('without totalResults, stops on a short page; zero results may leave Resources out', async () => {
    const script = scripted({ Resources: ['a', 'b'] }, { Resources: ['c'] });
    expect(await read(fakeOperation('scim', 2), script.fetchPage, { count: 2 })).toEqual(['a', 'b', 'c']);
    const none = scripted({ totalResults: 0, itemsPerPage: 0, startIndex: 1 });
    expect(await read(fakeOperation('scim', 2), none.fetchPage)).toEqual([]);
  });
});

describe('answer shapes', () => {
  it('reads a bare array as one last page (organisation members by email)', async () => {
    const script = scripted([{ id: 'm1' }, { id: 'm2' }]);
    expect(await read(fakeOperation('cursor'), script.fetchPage)).toEqual([{ id: 'm1' }, { id: 'm2' }]);
  });

  it('reads items nested in data.data (items of a group)', async () => {
    const script = scripted({ data: { id: 'g1', type: 'group', data: [{ id: 'i1' }] } });
    expect(await read(fakeOperation('cursor'), script.fetchPage)).toEqual([{ id: 'i1' }]);
  });

  it('owns the position parameter: a caller’s cursor is ignored, `from` is the way to start elsewhere', async () => {
    const script = scripted({ data: [1] });
    await read(fakeOperation('cursor'), script.fetchPage, { cursor: 'caller', limit: 20 });
    expect(script.queries).toEqual([{ limit: 20 }]);
  });
});
