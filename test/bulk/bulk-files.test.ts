import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { MiroApi, type BulkFileItem } from '../../src/index.js';
import { fileFromPath, fileFromStream } from '../../src/node/index.js';
import { all } from './support/bulk-fixtures.js';
import { receivedParts, startBulkRecordingServer } from './support/bulk-recording-server.js';
import { simulatorWithBoard } from './support/bulk-fixtures.js';

let server: Awaited<ReturnType<typeof startBulkRecordingServer>>;
let folder: string;

beforeAll(async () => {
  server = await startBulkRecordingServer();
  folder = await mkdtemp(join(tmpdir(), 'miro-rx-bulk-'));
});
afterAll(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
});

describe('files from Node and from browsers arrive intact', () => {
  it('Buffer, Uint8Array view, ArrayBuffer, Blob, File, stream and path: same bytes, real names and types', async () => {
    const content = Array.from({ length: 7 }, () => randomBytes(50_000 + Math.floor(Math.random() * 50_000)));
    // A view into a larger buffer: only the viewed bytes may travel.
    const backing = Buffer.concat([Buffer.from('HEAD'), content[1]!, Buffer.from('TAIL')]);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 4, content[1]!.length);
    const pdfPath = join(folder, 'Quarterly Report.pdf');
    await writeFile(pdfPath, content[6]!);
    const arrayBuffer = content[2]!.buffer.slice(content[2]!.byteOffset, content[2]!.byteOffset + content[2]!.length);

    const items: BulkFileItem[] = [
      { type: 'image', file: { data: content[0]!, fileName: 'from-buffer.png' }, title: 'Buffer', position: { x: 10, y: 20, origin: 'center' } },
      { type: 'image', file: { data: view, fileName: 'from-view.JPG' }, geometry: { width: 300 } },
      { type: 'document', file: { data: arrayBuffer, fileName: 'from-array-buffer.bin', contentType: 'application/pdf' } },
      { type: 'image', file: { data: new Blob([content[3]!], { type: 'image/webp' }), fileName: 'from-blob.webp' } },
      { type: 'image', file: new File([content[4]!], 'from-file.gif'), parent: { id: '3074457000000000001' } },
      {
        type: 'image',
        file: await fileFromStream(Readable.from([content[5]!.subarray(0, 1000), content[5]!.subarray(1000)]), { fileName: 'from-stream.svg' }),
      },
      { type: 'document', file: await fileFromPath(pdfPath), title: 'From path' },
    ];
    const api = new MiroApi('token-for-file-tests', { baseUrl: server.url, scimBaseUrl: `${server.url}/scim`, retry: false });
    server.requests.length = 0;
    const results = await all(api.bulkCreateItems('b1', items));
    expect(results.every((result) => result.item)).toBe(true);
    expect(server.requests).toHaveLength(1);

    const [data, ...resources] = await receivedParts(server.requests[0]!);
    expect([data!.name, data!.fileName, data!.contentType]).toEqual(['data', 'data.json', 'application/json']);
    // Descriptions in file order, without the bytes, with position, geometry and parent carried.
    expect(JSON.parse(data!.bytes.toString('utf8'))).toEqual(items.map(({ file: _file, ...description }) => description));
    expect(resources.map((part) => [part.name, part.fileName, part.contentType])).toEqual([
      ['resources', 'from-buffer.png', 'image/png'],
      ['resources', 'from-view.JPG', 'image/jpeg'],
      ['resources', 'from-array-buffer.bin', 'application/pdf'],
      ['resources', 'from-blob.webp', 'image/webp'],
      ['resources', 'from-file.gif', 'image/gif'],
      ['resources', 'from-stream.svg', 'image/svg+xml'],
      ['resources', 'Quarterly Report.pdf', 'application/pdf'],
    ]);
    resources.forEach((part, index) => expect(part.bytes.equals(content[index]!), `bytes of ${part.fileName}`).toBe(true));
  });
});

describe('file items on the simulator', () => {
  it('creates images and documents beside JSON items, with titles, positions, geometry and parent', async () => {
    const { sim, board, api, bulkLog } = await simulatorWithBoard();
    try {
      const [frame] = sim.state.addItems(board.id, [{ type: 'frame', data: { title: 'Uploads' } }]);
      const items = [
        {
          type: 'image' as const,
          file: { data: randomBytes(2000), fileName: 'a.png' },
          title: 'A',
          position: { x: 100, y: 50 },
          geometry: { width: 400 },
          parent: { id: frame!.id },
        },
        { type: 'sticky_note' as const, data: { content: 'between' } },
        { type: 'document' as const, file: { data: randomBytes(3000), fileName: 'b.pdf' }, position: { x: -40, y: 60 } },
      ];
      const results = await all(api.bulkCreateItems(board.id, items));
      expect(results.map((result) => result.item?.type)).toEqual(['image', 'sticky_note', 'document']);

      const stored = new Map(sim.state.items(board.id).map((item) => [item.id, item]));
      const image = stored.get(results[0]!.item!.id)!;
      expect(image.data?.title).toBe('A');
      expect([image.position?.x, image.position?.y, image.geometry?.width, image.parent?.id]).toEqual([100, 50, 400, frame!.id]);
      const document = stored.get(results[2]!.item!.id)!;
      expect([document.position?.x, document.position?.y]).toEqual([-40, 60]);
      expect(
        bulkLog()
          .map((entry) => [entry.operationId, entry.credits])
          .sort(),
      ).toEqual([
        ['create-items', 100],
        ['create-items-in-bulk-using-file-from-device', 200],
      ]);
    } finally {
      await sim.close();
    }
  });
});
