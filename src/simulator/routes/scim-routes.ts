import type { OperationHandlers, RouteRequest } from '../simulator-context.js';
import { SimulatorHttpError } from '../miro-errors.js';
import { isObject } from '../item-factory.js';
import type { ScimGroup, ScimUser } from '../scim-directory.js';

const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** SCIM's error body (`detail`, string `status`), as Miro's SCIM API answers. */
export function scimError(status: number, detail: string, scimType?: string): SimulatorHttpError {
  return new SimulatorHttpError(status, scimType ?? 'scimError', detail, null, {
    schemas: [ERROR_SCHEMA],
    status: String(status),
    detail,
    ...(scimType ? { scimType } : {}),
  });
}

/** Users and groups under `/scim`, paged by `startIndex` (1-based) and `count`. */
export const scimRoutes: OperationHandlers = {
  listUsers: { handle: (request) => listResources(request, [...request.sim.scim.users.values()]) },
  getUser: { handle: (request) => ({ status: 200, body: userOrThrow(request) }) },
  createUser: {
    handle(request) {
      const body = request.body;
      if (!isObject(body) || typeof body.userName !== 'string' || body.userName === '') throw scimError(400, 'userName is required', 'invalidValue');
      const exists = [...request.sim.scim.users.values()].some((user) => user.userName.toLowerCase() === (body.userName as string).toLowerCase());
      if (exists) throw scimError(409, `a user with userName ${body.userName} already exists`, 'uniqueness');
      const name = isObject(body.name) ? body.name : {};
      const user = request.sim.scim.addUser({
        userName: body.userName,
        givenName: typeof name.givenName === 'string' ? name.givenName : undefined,
        familyName: typeof name.familyName === 'string' ? name.familyName : undefined,
        displayName: typeof body.displayName === 'string' ? body.displayName : undefined,
        active: typeof body.active === 'boolean' ? body.active : true,
      });
      return { status: 201, body: user };
    },
  },
  deleteUser: {
    handle(request) {
      const user = userOrThrow(request);
      request.sim.scim.users.delete(user.id);
      for (const group of request.sim.scim.groups.values()) group.members = group.members.filter((member) => member.value !== user.id);
      return { status: 204 };
    },
  },
  listGroups: { handle: (request) => listResources(request, [...request.sim.scim.groups.values()]) },
  getGroup: {
    handle(request) {
      const group = request.sim.scim.groups.get(request.params.id!);
      if (!group) throw scimError(404, `group ${request.params.id} was not found`);
      return { status: 200, body: group };
    },
  },
};

function userOrThrow(request: RouteRequest): ScimUser {
  const user = request.sim.scim.users.get(request.params.id!);
  if (!user) throw scimError(404, `user ${request.params.id} was not found`);
  return user;
}

function listResources(request: RouteRequest, all: (ScimUser | ScimGroup)[]) {
  const { query } = request;
  const startIndex = integer(query.get('startIndex'), 1, 'startIndex');
  const { max, default: fallback } = request.operation.pageSize ?? {};
  const count = Math.min(integer(query.get('count'), fallback ?? 100, 'count'), max ?? Infinity);
  const filtered = applyFilter(all, query.get('filter'));
  // SCIM treats a startIndex below 1 as 1.
  const from = Math.max(1, startIndex);
  const page = filtered.slice(from - 1, from - 1 + count);
  return { status: 200, body: { schemas: [LIST_SCHEMA], totalResults: filtered.length, startIndex: from, itemsPerPage: page.length, Resources: page } };
}

function integer(raw: string | null, fallback: number, name: string): number {
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw scimError(400, `${name} must be a non-negative integer, got ${JSON.stringify(raw)}`, 'invalidValue');
  return value;
}

/** The one filter form clients use for look-ups: `attribute eq "value"`. */
function applyFilter<T extends ScimUser | ScimGroup>(all: T[], filter: string | null): T[] {
  if (!filter) return all;
  const match = /^\s*(\w+)\s+eq\s+"([^"]*)"\s*$/i.exec(filter);
  if (!match) throw scimError(400, `filter ${JSON.stringify(filter)} is not supported; use attribute eq "value"`, 'invalidFilter');
  const [, attribute, value] = match;
  return all.filter((resource) => String((resource as Record<string, unknown>)[attribute!] ?? '').toLowerCase() === value!.toLowerCase());
}
