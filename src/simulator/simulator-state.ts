import type { SimulatorItem, SimulatorState } from './types.js';
import type { SimulatorContext } from './simulator-context.js';
import { buildItem, checkItemDescription } from './item-factory.js';
import { SimulatorHttpError } from './miro-errors.js';

/** User that owns boards and items created through `state` rather than the API. */
const SEED_USER = 'user-1';

/** Direct access to a simulator's memory: seeding and assertions, never charged or logged. */
export function simulatorState(sim: SimulatorContext): SimulatorState {
  const { store } = sim;
  return {
    createBoard({ owner, teamId, ...fields } = {}) {
      if (owner !== undefined && (typeof owner !== 'string' || owner.trim() === '')) throw new TypeError('createBoard: owner must be a non-empty user id');
      return store.createBoard(fields, owner ?? SEED_USER, teamId).board;
    },
    board: (boardId) => store.boards.get(boardId)?.board,
    boards: () => [...store.boards.values()].map((record) => record.board),
    addItems(boardId, items) {
      const record = store.boards.get(boardId);
      if (!record) throw new Error(`addItems: board ${boardId} does not exist`);
      const descriptions =
        typeof items === 'number'
          ? Array.from({ length: checkCount(items) }, (_, index) => ({ type: 'sticky_note', data: { content: `Item ${record.items.size + index + 1}` } }))
          : items;
      try {
        descriptions.forEach((description, index) => checkItemDescription(record, description, `items[${index}]`));
      } catch (error) {
        throw new Error(`addItems: ${error instanceof SimulatorHttpError ? error.message : String(error)}`);
      }
      return descriptions.map((description) => store.addItem(record, buildItem(store, description, SEED_USER)));
    },
    items: (boardId) => [...(store.boards.get(boardId)?.items.values() ?? [])].map((entry): SimulatorItem => entry.value),
    issueToken: (userId, options) => sim.tokens.issue(userId, options),
    creditsSpent(token) {
      const record = sim.tokens.record(token);
      return record && sim.ledger ? sim.ledger.spent(record.userId) : 0;
    },
    addScimUsers: (count) => sim.scim.seedUsers(checkCount(count)),
    addScimGroup: (displayName, memberIds = []) => sim.scim.addGroup(displayName, memberIds),
    createOrganization: (fields = {}) => sim.exports.createOrganization(checkCount(fields.boards ?? 0), SEED_USER),
    failBoardExports: (boardIds, type, times) => sim.exports.failBoards(boardIds, type, times ?? (type === 'FATAL' ? Number.POSITIVE_INFINITY : 1)),
    exportJobs: (orgId) =>
      sim.exports.jobs(orgId).map((job) => ({
        id: job.id,
        orgId: job.orgId,
        requestId: job.requestId,
        boardIds: job.tasks.map((task) => task.boardId),
        boardFormat: job.boardFormat,
        status: sim.exports.status(job),
      })),
  };
}

function checkCount(count: number): number {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  return count;
}
