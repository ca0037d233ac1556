/**
 * What `switch (item.type)` sees at run time: items of the types this client names reach their
 * case with their `data` and `style`, and an item of a type Miro adds later is accepted and
 * reaches `default:`. (That the cases narrow at compile time is checked by
 * test/types/fixtures/board-item-types.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastValueFrom, toArray } from 'rxjs';
import { MiroApi, type BoardItem } from '../../src/index.js';
import { startRecordingServer } from '../support/recording-server.js';

let server: Awaited<ReturnType<typeof startRecordingServer>>;
const items = [
  { id: '1', type: 'sticky_note', data: { content: 'note', shape: 'square' }, style: { fillColor: 'yellow', textAlign: 'center' } },
  { id: '2', type: 'shape', data: { content: 'box', shape: 'rectangle' }, style: { fillColor: '#ff0000' } },
  { id: '3', type: 'mindmap_node', data: { nodeView: { content: 'future' } }, style: { anything: 1 } },
];

beforeAll(async () => {
  server = await startRecordingServer(() => ({ body: { data: items, size: 3, limit: 50, total: 3 } }));
});
afterAll(() => server.close());

function describeItem(item: BoardItem): string {
  switch (item.type) {
    case 'sticky_note':
      return `note ${item.data.content} in ${item.style?.fillColor}`;
    case 'shape':
      return `shape ${item.data.shape} in ${item.style?.fillColor}`;
    default:
      return `unnamed type ${item.type} with ${Object.keys(item.data ?? {}).join(',')}`;
  }
}

describe('item narrowing at run time', () => {
  it('sends each named type to its case and a type Miro adds later to default, unchanged', async () => {
    const api = new MiroApi('token', { baseUrl: server.url, retry: false });
    const read = await lastValueFrom(api.getAllItems('board-1').pipe(toArray()));
    expect(read).toEqual(items);
    expect(read.map(describeItem)).toEqual(['note note in yellow', 'shape rectangle in #ff0000', 'unnamed type mindmap_node with nodeView']);
  });
});
