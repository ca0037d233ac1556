import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { MiroApi } from '../../src/index.js';
import { startRecordingServer } from '../support/recording-server.js';

let server: Awaited<ReturnType<typeof startRecordingServer>>;
let api: MiroApi;

beforeAll(async () => {
  server = await startRecordingServer(() => ({ body: { id: 'g1' } }));
  api = new MiroApi('token-for-tests', { baseUrl: server.url, scimBaseUrl: `${server.url}/scim`, rateLimit: false, retry: false });
});
afterAll(() => server.close());

const last = () => server.requests.at(-1)!;

describe('POSTs without a body', () => {
  it.each([
    ['revoke-token', () => api.revokeToken({ accessToken: 'tok' })],
    ['attach-tag-to-item', () => api.attachTagToItem('b1', 'i1', { tagId: 't1' })],
    ['enterprise-post-user-sessions-reset', () => api.enterprisePostUserSessionsReset({ email: 'a@example.com' })],
    ['enterprise-create-board-export-task-export-link', () => api.enterpriseCreateBoardExportTaskExportLink('o1', 'j1', 't1')],
  ])('%s sends no content type and no body', async (_name, call) => {
    await firstValueFrom(call());
    expect(last().method).toBe('POST');
    expect(last().headers['content-type']).toBeUndefined();
    expect(last().body.length).toBe(0);
  });

  it('a POST with a body still names its content type', async () => {
    await firstValueFrom(api.createBoard({ name: 'b' }));
    expect(last().headers['content-type']).toBe('application/json');
  });
});

describe('patchGroup takes the SCIM PatchOp body', () => {
  it('with `schemas` as an array and the `members[value eq ...]` filter as path', async () => {
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp' as const],
      Operations: [
        { op: 'Add' as const, path: 'members', value: [{ value: '3074457365265951581' }] },
        { op: 'Remove' as const, path: 'members[value eq "3074457364022187294"]' },
        { op: 'Replace' as const, path: 'displayName', value: 'design' },
      ],
    };
    await firstValueFrom(api.patchGroup('g1', body));
    expect(last().url).toBe('/scim/Groups/g1');
    expect(JSON.parse(last().body.toString('utf8'))).toEqual(body);
  });

  it('still refuses a `schemas` that is not the PatchOp URN', async () => {
    const body = { schemas: ['urn:wrong'], Operations: [{ op: 'Add', path: 'members' }] } as never;
    await expect(firstValueFrom(api.patchGroup('g1', body))).rejects.toThrow(/schemas/);
  });
});
