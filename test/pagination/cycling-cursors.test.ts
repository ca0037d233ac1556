/** A loopback server whose cursors go round in a circle (A -> B -> C -> A): the read stops. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastValueFrom, toArray } from 'rxjs';
import { MiroApi, MiroPaginationError } from '../../src/index.js';
import { startRecordingServer } from '../support/recording-server.js';

const NEXT: Record<string, string> = { start: 'A', A: 'B', B: 'C', C: 'A' };
let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer((request) => {
    const cursor = new URL(request.url, 'http://loopback').searchParams.get('cursor') ?? 'start';
    return { body: { data: [{ id: `item-after-${cursor}`, type: 'sticky_note' }], size: 1, limit: 50, cursor: NEXT[cursor] } };
  });
});
afterAll(() => server.close());

describe('cursors that cycle, from a real server', () => {
  it('fail the read with MiroPaginationError after one round, with everything before it emitted', async () => {
    const api = new MiroApi('token-for-tests', { baseUrl: server.url, rateLimit: false, retry: false });
    const emitted: string[] = [];
    const read = api.getAllItems('board-1').pipe(toArray());
    const error = await lastValueFrom(read).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroPaginationError);
    expect((error as Error).message).toMatch(/leads back to a page already read in this read \(cursor A\)/);
    expect(error).toMatchObject({ resumeFrom: { cursor: 'C' }, pagesRead: 3, itemsRead: 3, operationId: 'get-items' });
    // start, A, B, C: the fourth answer points back to A, and nothing more is asked.
    expect(server.requests).toHaveLength(4);
    await lastValueFrom(api.getAllItems('board-1', {}, { from: { cursor: 'B' } }).pipe(toArray())).catch((e: unknown) => emitted.push(String(e)));
    expect(emitted[0]).toMatch(/cursor B/);
  });
});
