import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { BULK_MAX_UPLOAD_BYTES, MiroApi, MiroValidationError, type BulkFileItem } from '../../src/index.js';
import { all, requestRecorder, stickyNotes } from './support/bulk-fixtures.js';
import { startBulkRecordingServer } from './support/bulk-recording-server.js';
import { startRecordingServer } from '../support/recording-server.js';

let server: Awaited<ReturnType<typeof startBulkRecordingServer>>;
let api: MiroApi;
let sent: ReturnType<typeof requestRecorder>['sent'];

beforeAll(async () => {
  server = await startBulkRecordingServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  const recorder = requestRecorder();
  sent = recorder.sent;
  api = new MiroApi('token-for-bulk-tests', { baseUrl: server.url, scimBaseUrl: `${server.url}/scim`, retry: false, interceptors: [recorder.interceptor] });
});

const bytes = (size: number, fill = 7) => new Uint8Array(size).fill(fill);
const image = (n: number, size = 10): BulkFileItem => ({ type: 'image', file: { data: bytes(size, n), fileName: `image-${n}.png` } });
const upload = (items: BulkFileItem[]) => ({
  data: items.map(({ file: _file, ...description }) => description),
  resources: items.map((item) => item.file),
});

async function refusal(call: Promise<unknown>): Promise<MiroValidationError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(MiroValidationError);
  return error as MiroValidationError;
}

describe('limits checked before sending', () => {
  it('refuses 21 files: nothing is sent or charged', async () => {
    const items = Array.from({ length: 21 }, (_, n) => image(n));
    const error = await refusal(firstValueFrom(api.createItemsInBulkUsingFileFromDevice('b1', upload(items))));
    expect(error.issues).toContainEqual({ field: 'body.resources', message: 'has 21 files; Miro accepts at most 20 per call' });
    expect(sent).toHaveLength(0);
    expect(server.requests).toHaveLength(0);
  });

  it('reports limit and schema issues together, in one error that names the route', async () => {
    const items = Array.from({ length: 21 }, (_, n) => image(n));
    const error = await refusal(firstValueFrom(api.createItemsInBulkUsingFileFromDevice('', upload(items))));
    expect(error.issues).toContainEqual({ field: 'body.resources', message: 'has 21 files; Miro accepts at most 20 per call' });
    expect(error.issues.map((issue) => issue.field)).toContain('boardId');
    expect(error).toMatchObject({ operationId: 'create-items-in-bulk-using-file-from-device', method: 'POST', path: '/v2/boards/{board_id}/items/bulk' });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses more than 6 MB of files in all, and sends exactly 6 MB', async () => {
    const half = BULK_MAX_UPLOAD_BYTES / 2;
    const over = await refusal(firstValueFrom(api.createItemsInBulkUsingFileFromDevice('b1', upload([image(1, half), image(2, half + 1)]))));
    expect(over.message).toMatch(/body\.resources holds 6000001 bytes of files; Miro accepts at most 6 MB \(6000000 bytes\)/);
    expect(server.requests).toHaveLength(0);

    await firstValueFrom(api.createItemsInBulkUsingFileFromDevice('b1', upload([image(1, half), image(2, half)])));
    expect(server.requests).toHaveLength(1);
    expect(sent[0]!.creditCost).toBe(200);
  });

  it('refuses descriptions that do not pair with the files, or name a type Miro cannot make from a file', async () => {
    const items = [image(1), image(2)];
    const mismatch = await refusal(
      firstValueFrom(api.createItemsInBulkUsingFileFromDevice('b1', { data: [{ type: 'image' }], resources: items.map((i) => i.file) })),
    );
    expect(mismatch.issues).toContainEqual({
      field: 'body.data',
      message: 'describes 1 items for 2 files; give one description per file, in the same order',
    });
    const wrongType = await refusal(
      firstValueFrom(
        api.createItemsInBulkUsingFileFromDevice('b1', { data: [{ type: 'image' }, { type: 'sticky_note' }], resources: items.map((i) => i.file) }),
      ),
    );
    expect(wrongType.issues).toContainEqual({ field: 'body.data.1.type', message: 'must be one of "image", "document"' });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses JSON bulk calls of 0 or 21 items (the generated validator, matching Miro)', async () => {
    await refusal(firstValueFrom(api.createItems('b1', [])));
    const error = await refusal(firstValueFrom(api.createItems('b1', stickyNotes(21))));
    expect(error.issues[0]!.field).toBe('body');
    expect(server.requests).toHaveLength(0);
    await firstValueFrom(api.createItems('b1', stickyNotes(20)));
    expect(sent.map((request) => request.creditCost)).toEqual([2000]);
  });
});

describe('bulkCreateItems with files', () => {
  it('charges N x 100 per from-device call and splits at 20 files', async () => {
    const results = await all(
      api.bulkCreateItems(
        'b1',
        Array.from({ length: 25 }, (_, n) => image(n)),
      ),
    );
    expect(results.map((result) => result.index)).toEqual([...Array(25).keys()]);
    expect(sent.map((request) => [request.operation.operationId, request.itemCount, request.creditCost])).toEqual([
      ['create-items-in-bulk-using-file-from-device', 20, 2000],
      ['create-items-in-bulk-using-file-from-device', 5, 500],
    ]);
  });

  it('closes a batch before its files would pass 6 MB', async () => {
    const items = Array.from({ length: 5 }, (_, n) => image(n, 2_500_000));
    const results = await all(api.bulkCreateItems('b1', items));
    expect(results.every((result) => result.item)).toBe(true);
    expect(sent.map((request) => request.itemCount)).toEqual([2, 2, 1]);
  });

  it('reports a file over 6 MB alone, without sending it, and creates the rest', async () => {
    const items = [image(0), image(1, BULK_MAX_UPLOAD_BYTES + 1), image(2)];
    const results = await all(api.bulkCreateItems('b1', items));
    expect(results.map((result) => result.index)).toEqual([0, 1, 2]);
    expect(results[1]!.error).toBeInstanceOf(MiroValidationError);
    expect(results[1]!.error!.message).toContain('items[1].file is 6000001 bytes');
    expect(results[0]!.item && results[2]!.item).toBeTruthy();
    expect(sent.map((request) => request.itemCount)).toEqual([2]);
  });

  it('reports a file item whose file is a path string, pointing to fileFromPath', async () => {
    const results = await all(api.bulkCreateItems('b1', [{ type: 'image', file: './logo.png' } as unknown as BulkFileItem]));
    expect(results[0]!.error).toBeInstanceOf(MiroValidationError);
    expect(results[0]!.error!.message).toContain('items[0].file must be a File or');
    expect(results[0]!.error!.message).toContain('use fileFromPath from miro-rx/node');
    expect(server.requests).toHaveLength(0);
  });

  it('sends JSON and file items to their own endpoints, results still in input order', async () => {
    const items = [image(0), ...stickyNotes(2), image(3)];
    const results = await all(api.bulkCreateItems('b1', items));
    expect(results.map((result) => [result.index, result.input])).toEqual(items.map((item, index) => [index, item]));
    expect(sent.map((request) => [request.operation.operationId, request.itemCount]).sort()).toEqual([
      ['create-items', 2],
      ['create-items-in-bulk-using-file-from-device', 2],
    ]);
  });
});

describe('bisection of a batch Miro finds too large (413)', () => {
  let strict: Awaited<ReturnType<typeof startRecordingServer>>;
  let nextId = 1;
  beforeAll(async () => {
    // Stricter than the documented limit: any upload over 3 MB is refused, nothing created.
    strict = await startRecordingServer((request) => {
      if (request.body.length > 3_000_000) return { status: 413, body: { status: 413, code: 'payloadTooLarge', message: 'too large', type: 'error' } };
      const files = request.body.toString('latin1').split('name="resources"').length - 1;
      return { status: 201, body: { type: 'bulk-list', data: Array.from({ length: files }, () => ({ id: String(nextId++), type: 'image' })) } };
    });
  });
  afterAll(() => strict.close());
  const strictApi = () => new MiroApi('token-for-bulk-tests', { baseUrl: strict.url, scimBaseUrl: `${strict.url}/scim`, retry: false });
  const items = () => Array.from({ length: 4 }, (_, n) => image(n, 1_400_000));

  it('without bisect, reports all four with the 413', async () => {
    strict.requests.length = 0;
    const results = await all(strictApi().bulkCreateItems('b1', items()));
    expect(results.map((result) => (result.error as { status?: number } | undefined)?.status)).toEqual([413, 413, 413, 413]);
    expect(strict.requests).toHaveLength(1);
  });

  it('with bisect, sends halves and creates all four', async () => {
    strict.requests.length = 0;
    const results = await all(strictApi().bulkCreateItems('b1', items(), { bisect: true }));
    expect(results.every((result) => result.item)).toBe(true);
    expect(strict.requests.map((request) => request.body.length > 3_000_000)).toEqual([true, false, false]);
  });
});
