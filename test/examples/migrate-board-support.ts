import { MiroApi } from '../../src/index.js';
import type { MiroSimulator } from '../../src/simulator/index.js';
import { type BoardContents, boardContents } from '../../examples/migrate-fleet/src/fleet-check.js';

/**
 * A board described without ids, so that a source and its copy compare equal exactly when the
 * copy is faithful (see `boardContents`, which the fleet's demo checks its copies with too).
 */
export type BoardSnapshot = BoardContents;

export function snapshotBoard(simulator: MiroSimulator, api: MiroApi, boardId: string): Promise<BoardSnapshot> {
  return boardContents(simulator, api, boardId);
}

/** A client of the simulator with its own token and no limiter, for seeding and checking. */
export function checkerApi(simulator: MiroSimulator, token: string): MiroApi {
  return new MiroApi(token, { baseUrl: simulator.url, scimBaseUrl: `${simulator.url}/scim`, rateLimit: false });
}
