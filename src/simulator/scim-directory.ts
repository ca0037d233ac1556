import type { IdSource } from './id-source.js';

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** A provisioned user in SCIM's shape. */
export interface ScimUser {
  schemas: string[];
  id: string;
  userName: string;
  name: { givenName: string; familyName: string };
  displayName: string;
  active: boolean;
  emails: { value: string; primary: boolean; type: string }[];
  meta: { resourceType: 'User'; created: string; lastModified: string };
  [field: string]: unknown;
}

/** A user group in SCIM's shape. */
export interface ScimGroup {
  schemas: string[];
  id: string;
  displayName: string;
  members: { value: string; display: string }[];
  meta: { resourceType: 'Group'; created: string; lastModified: string };
}

/** The organisation's users and groups, as the SCIM endpoints see them. */
export class ScimDirectory {
  readonly users = new Map<string, ScimUser>();
  readonly groups = new Map<string, ScimGroup>();
  #seeded = 0;

  constructor(
    private readonly ids: IdSource,
    private readonly timestamp: () => string,
  ) {}

  addUser(fields: { userName: string; givenName?: string; familyName?: string; displayName?: string; active?: boolean; [field: string]: unknown }): ScimUser {
    const at = this.timestamp();
    const { userName, givenName = '', familyName = '', displayName, active = true, ...rest } = fields;
    const user: ScimUser = {
      ...rest,
      schemas: [SCIM_USER_SCHEMA],
      id: this.ids.next(),
      userName,
      name: { givenName, familyName },
      displayName: displayName ?? (`${givenName} ${familyName}`.trim() || userName),
      active,
      emails: [{ value: userName, primary: true, type: 'work' }],
      meta: { resourceType: 'User', created: at, lastModified: at },
    };
    this.users.set(user.id, user);
    return user;
  }

  /** Adds `count` users named `user<n>@example.com`. */
  seedUsers(count: number): ScimUser[] {
    return Array.from({ length: count }, () => {
      const n = ++this.#seeded;
      return this.addUser({ userName: `user${n}@example.com`, givenName: 'User', familyName: String(n) });
    });
  }

  addGroup(displayName: string, memberIds: readonly string[] = []): ScimGroup {
    const at = this.timestamp();
    const group: ScimGroup = {
      schemas: [SCIM_GROUP_SCHEMA],
      id: this.ids.next(),
      displayName,
      members: memberIds.map((id) => ({ value: id, display: this.users.get(id)?.displayName ?? id })),
      meta: { resourceType: 'Group', created: at, lastModified: at },
    };
    this.groups.set(group.id, group);
    return group;
  }
}
