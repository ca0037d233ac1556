import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { httpClient } from './http-client.js';

let sim: MiroSimulator;
let call: ReturnType<typeof httpClient>;

beforeAll(async () => {
  sim = await startMiroSimulator({ tokens: ['scim-token'] });
  call = httpClient(sim, 'scim-token');
});
afterAll(() => sim.close());

describe('SCIM under /scim', () => {
  it('pages users by startIndex and count, and is not charged', async () => {
    sim.state.addScimUsers(25);
    const first = await call('GET', '/scim/Users?startIndex=1&count=10');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('application/scim+json');
    expect(first.body).toMatchObject({ totalResults: 25, startIndex: 1, itemsPerPage: 10 });
    expect(first.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    expect(first.body.Resources[0]).toMatchObject({ userName: 'user1@example.com', active: true, meta: { resourceType: 'User' } });
    const last = await call('GET', '/scim/Users?startIndex=21&count=10');
    expect(last.body).toMatchObject({ totalResults: 25, startIndex: 21, itemsPerPage: 5 });
    expect(last.body.Resources.at(-1).userName).toBe('user25@example.com');
    const beyond = await call('GET', '/scim/Users?startIndex=26&count=10');
    expect(beyond.body).toMatchObject({ itemsPerPage: 0, Resources: [] });
    expect(sim.state.creditsSpent('scim-token')).toBe(0);
  });

  it('creates, finds by filter, reads and deletes a user', async () => {
    const created = await call(
      'POST',
      '/scim/Users',
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'new@example.com', name: { givenName: 'New', familyName: 'Person' } },
      { 'content-type': 'application/scim+json' },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ userName: 'new@example.com', displayName: 'New Person' });
    const duplicate = await call('POST', '/scim/Users', { userName: 'NEW@example.com' }, { 'content-type': 'application/scim+json' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409' });

    const found = await call('GET', `/scim/Users?filter=${encodeURIComponent('userName eq "new@example.com"')}`);
    expect(found.body.totalResults).toBe(1);
    expect((await call('GET', `/scim/Users/${created.body.id}`)).body.id).toBe(created.body.id);
    expect((await call('DELETE', `/scim/Users/${created.body.id}`)).status).toBe(204);
    const gone = await call('GET', `/scim/Users/${created.body.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.detail).toContain(created.body.id);
  });

  it('lists groups and answers 501 for SCIM operations it does not simulate', async () => {
    const [user] = sim.state.addScimUsers(1);
    const group = sim.state.addScimGroup('Designers', [user!.id]);
    const groups = await call('GET', '/scim/Groups?count=5');
    expect(groups.body).toMatchObject({ totalResults: 1, Resources: [{ id: group.id, displayName: 'Designers', members: [{ value: user!.id }] }] });
    expect((await call('GET', `/scim/Groups/${group.id}`)).body.displayName).toBe('Designers');
    const unsimulated = await call('GET', '/scim/Schemas');
    expect(unsimulated.status).toBe(501);
    expect(unsimulated.body.message).toContain('listSchemas');
  });
});
