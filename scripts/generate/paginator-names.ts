/**
 * Names of the streaming helpers (`getAll...`) generated for paged operations. Naming is not a
 * fact of the spec, so it is decided here, by hand:
 * - the ten helpers Miro's Python client has keep the Python client's names (camelCased);
 * - every other paged operation gets a name by rule (see {@link paginatorName}).
 */
import type { ModelOperation } from './spec-model.js';

/** operationId -> helper name, as Miro's Python client names its `get_all_*` helpers. */
export const PYTHON_CLIENT_NAMES: Readonly<Record<string, string>> = {
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
};

/** Verbs that say "read" and carry no meaning once the name starts with `getAll`. */
const READ_VERBS = new Set(['get', 'list', 'fetch']);

/**
 * The rule for every other paged operation: drop the read verbs (`get`, `list`, `fetch`, and an
 * `All` right after a leading `get`) from the method name and prefix `getAll`; SCIM operations
 * take `Scim` after it, since their users and groups are not the REST API's. When the result
 * is already an operation's method name (`getAllCases` is one), the prefix becomes `streamAll`.
 * `enterpriseGetProjects` -> `getAllEnterpriseProjects`, `listUsers` -> `getAllScimUsers`,
 * `getAllCases` -> `streamAllCases`.
 */
export function paginatorName(op: ModelOperation, operationMethodNames: ReadonlySet<string>): string {
  const override = PYTHON_CLIENT_NAMES[op.operationId];
  if (override) return override;
  const words = op.methodName.split(/(?=[A-Z])/);
  if (words[0] === 'get' && words[1] === 'All') words.splice(1, 1);
  const noun = words.filter((word) => !READ_VERBS.has(word.toLowerCase())).map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  const subject = `${op.server === 'scim' ? 'Scim' : ''}${noun.join('')}`;
  const name = `getAll${subject}`;
  return operationMethodNames.has(name) ? `streamAll${subject}` : name;
}

/** The page-by-page variant of a helper: `getAllItems` -> `getAllItemsPages`. */
export function pagesVariantName(helperName: string): string {
  return `${helperName}Pages`;
}
