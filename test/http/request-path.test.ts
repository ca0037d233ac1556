import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, isObservable } from 'rxjs';
import { MiroApi, MiroApiError, MiroValidationError } from '../../src/index.js';
import { startRecordingServer } from '../support/recording-server.js';

let server: Awaited<ReturnType<typeof startRecordingServer>>;
let api: MiroApi;

beforeAll(async () => {
  server = await startRecordingServer((request) =>
    request.url.includes('missing')
      ? { status: 404, body: { status: 404, code: 'notFound', message: 'Board not found', type: 'error' } }
      : request.method === 'DELETE'
        ? { status: 204 }
        : { body: { id: '1', echo: request.url, extraField: { kept: true } } },
  );
  api = new MiroApi('token-for-tests', { baseUrl: server.url, scimBaseUrl: `${server.url}/scim`, rateLimit: false, retry: false });
});
afterAll(() => server.close());

describe('the request path', () => {
  it('is cold: nothing is sent before subscription', async () => {
    const before = server.requests.length;
    const board$ = api.getSpecificBoard('b1');
    expect(isObservable(board$)).toBe(true);
    expect(server.requests.length).toBe(before);
    await firstValueFrom(board$);
    await firstValueFrom(board$);
    expect(server.requests.length).toBe(before + 2);
  });

  it('keeps fields the document does not declare', async () => {
    const board = await firstValueFrom(api.getSpecificBoard('b1'));
    expect((board as unknown as { extraField: unknown }).extraField).toEqual({ kept: true });
  });

  it('emits undefined once for a 204', async () => {
    const values: unknown[] = [];
    await new Promise<void>((resolve, reject) => api.deleteBoard('b1').subscribe({ next: (v) => values.push(v), error: reject, complete: resolve }));
    expect(values).toEqual([undefined]);
  });

  it('refuses remove-tag-from-item without tagId before anything is sent', async () => {
    const before = server.requests.length;
    const error = await firstValueFrom(api.removeTagFromItem('b1', 'i1', {} as never)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiroValidationError);
    expect((error as MiroValidationError).issues).toEqual([{ field: 'query.tagId', message: 'is required' }]);
    expect(server.requests.length).toBe(before);
  });

  it('maps an error answer to MiroApiError with Miro fields and the route', async () => {
    const error = (await firstValueFrom(api.getSpecificBoard('missing')).catch((e: unknown) => e)) as MiroApiError;
    expect(error).toBeInstanceOf(MiroApiError);
    expect(error).toMatchObject({ status: 404, code: 'notFound', operationId: 'get-specific-board', method: 'GET', path: '/v2/boards/missing' });
  });
});

describe('answers without a body', () => {
  it('update-board answered 202 (no body) emits undefined once, as its type says', async () => {
    const accepted = await startRecordingServer(() => ({ status: 202 }));
    try {
      const client = new MiroApi('token-for-tests', { baseUrl: accepted.url, scimBaseUrl: accepted.url, rateLimit: false, retry: false });
      const values: unknown[] = [];
      await new Promise<void>((resolve, reject) =>
        client.updateBoard('b1', { name: 'Renamed' }).subscribe({ next: (v) => values.push(v), error: reject, complete: resolve }),
      );
      expect(values).toEqual([undefined]);
    } finally {
      await accepted.close();
    }
  });
});

describe('multipart operations', () => {
  it('carry their encoder, and a descriptor without one fails the call before anything is sent', async () => {
    const { createImageItemUsingLocalFileOperation: upload } = await import('../../src/generated/operations/create-image-item-using-local-file.js');
    expect(typeof upload.multipartBody).toBe('function');
    const before = server.requests.length;
    const { multipartBody: _dropped, ...withoutEncoder } = upload;
    const body = { resource: { data: new Uint8Array([1, 2, 3]), fileName: 'a.png' } };
    await expect(firstValueFrom(api.client.send(withoutEncoder, { path: ['b1'], body }))).rejects.toThrow(
      'create-image-item-using-local-file has multipart parts but no multipartBody encoder',
    );
    expect(server.requests.length).toBe(before);
    await firstValueFrom(api.client.send(upload, { path: ['b1'], body }));
    expect(server.requests.at(-1)?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });
});
