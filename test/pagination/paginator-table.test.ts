import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Observable } from 'rxjs';
import { MiroApi, operationTable, paginatorTable, type MiroPage } from '../../src/index.js';
import type { Board, GenericItem, GetItemsQuery, ItemPagedResponse, OrganizationMember, UserResource } from '../../src/generated/types.js';

describe('the generated helper table', () => {
  it('covers every paged operation of the document (28 cursor, 4 offset, 2 SCIM), once each', () => {
    const paged = operationTable.filter((op) => op.pagination !== 'none');
    expect(paged).toHaveLength(34);
    expect(paginatorTable.map((entry) => entry.operationId).sort()).toEqual(paged.map((op) => op.operationId).sort());
    const styles: Record<string, number> = {};
    for (const entry of paginatorTable) styles[entry.pagination] = (styles[entry.pagination] ?? 0) + 1;
    expect(styles).toEqual({ cursor: 28, offset: 4, scim: 2 });
  });

  it('puts both helpers of every entry on MiroApi, with unique names that shadow no operation', () => {
    const names = paginatorTable.flatMap((entry) => [entry.items, entry.pages]);
    expect(new Set(names).size).toBe(68);
    const operationMethods = new Set(operationTable.map((op) => op.methodName));
    for (const entry of paginatorTable) {
      expect(typeof (MiroApi.prototype as unknown as Record<string, unknown>)[entry.items], entry.items).toBe('function');
      expect(typeof (MiroApi.prototype as unknown as Record<string, unknown>)[entry.pages], entry.pages).toBe('function');
      expect(operationMethods.has(entry.items)).toBe(false);
      expect(operationMethods.has(entry.operationMethod)).toBe(true);
    }
  });

  it('keeps the names of Miro’s Python client for its ten helpers', () => {
    const byOperation = Object.fromEntries(paginatorTable.map((entry) => [entry.operationId, entry.items]));
    expect(byOperation).toMatchObject({
      'get-boards': 'getAllBoards',
      'get-tags-from-board': 'getAllTagsFromBoard',
      'get-board-members': 'getAllBoardMembers',
      'get-items': 'getAllItems',
      'get-items-by-tag': 'getAllItemsByTag',
      'get-items-within-frame': 'getAllItemsWithinFrame',
      'get-connectors': 'getAllConnectors',
      'enterprise-get-teams': 'getAllEnterpriseTeams',
      'enterprise-get-organization-members': 'getAllOrganizationMembers',
      'enterprise-get-team-members': 'getAllEnterpriseTeamMembers',
    });
  });

  it('types items as the element of each answer’s list', () => {
    const api = new MiroApi('unused', { baseUrl: 'http://127.0.0.1:9', scimBaseUrl: 'http://127.0.0.1:9/scim' });
    expectTypeOf(api.getAllItems('b')).toEqualTypeOf<Observable<GenericItem>>();
    expectTypeOf(api.getAllBoards()).toEqualTypeOf<Observable<Board>>();
    expectTypeOf(api.getAllScimUsers()).toEqualTypeOf<Observable<UserResource>>();
    expectTypeOf(api.getAllOrganizationMembers('org')).toEqualTypeOf<Observable<OrganizationMember>>();
    expectTypeOf(api.getAllItemsByGroupId('b', { groupItemId: 'g' })).toEqualTypeOf<Observable<ItemPagedResponse>>();
    expectTypeOf(api.getAllItemsPages('b')).toMatchTypeOf<Observable<MiroPage<GenericItem>>>();
    // The paginator owns the position parameter; required filters stay required.
    expectTypeOf(api.getAllItems<never>)
      .parameter(1)
      .toEqualTypeOf<Omit<GetItemsQuery<never>, 'cursor'> | undefined>();
    // @ts-expect-error tagId is required
    void (() => api.getAllItemsByTag('b'));
    // @ts-expect-error the cursor belongs to the paginator
    void (() => api.getAllItems('b', { cursor: 'x' }));
  });
});
