import type { Queue } from 'bullmq';
import { lastValueFrom, toArray } from 'rxjs';
import { MiroApiError } from '../../../src/index.js';
import { type BoardJobData, type BoardJobResult, boardJobOptions } from './board-job.js';
import type { OwnerClients } from './owner-clients.js';

/** A board named on the command line, with its owner when the line says (`<board>@<user>`). */
export interface BoardRequest {
  source: string;
  owner?: string;
}

/** Parses `id,id@user,...` (commas, spaces or new lines between boards; board ids may end in `=`). */
export function parseBoardList(text: string): BoardRequest[] {
  return text
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [source, owner, extra] = entry.split('@');
      if (!source || extra !== undefined || owner === '') throw new Error(`board ${JSON.stringify(entry)}: expected <board id> or <board id>@<user id>`);
      return owner === undefined ? { source } : { source, owner };
    });
}

/**
 * The owner of each board: the one given, else the first user whose token can read it (Miro names
 * the board's owner). A board no token can read is given to the first user, whose job then fails
 * with Miro's reason (404, 403) in the report like any other board that will not copy.
 */
export async function resolveOwners(clients: OwnerClients, requests: readonly BoardRequest[]): Promise<BoardJobData[]> {
  const users = clients.users();
  if (users.length === 0) throw new Error('the token source names no user');
  const jobs: BoardJobData[] = [];
  for (const request of requests) {
    let owner = request.owner;
    for (const user of owner === undefined ? users : []) {
      try {
        const board = await lastValueFrom(clients.clientOf(user).getSpecificBoard(request.source));
        owner = (board.owner as { id?: string } | undefined)?.id ?? user;
        if (!users.includes(owner)) owner = user;
        break;
      } catch (error) {
        if (!(error instanceof MiroApiError && [403, 404].includes(error.status))) throw error;
      }
    }
    jobs.push({ source: request.source, owner: owner ?? users[0]! });
  }
  return jobs;
}

/** Every board of a team, by owner: each user lists the team's boards they own. */
export async function teamBoards(clients: OwnerClients, teamId: string): Promise<BoardJobData[]> {
  const jobs: BoardJobData[] = [];
  for (const user of clients.users()) {
    const boards = await lastValueFrom(clients.clientOf(user).getAllBoards({ teamId, owner: user }).pipe(toArray()));
    for (const board of boards) jobs.push({ source: board.id, owner: user });
  }
  return jobs;
}

/**
 * The boards in turn by owner (one of each user's, then the next of each...): BullMQ hands jobs
 * out in order, and each user's boards copy no faster than that user's budget, so workers that
 * start with boards of every user fill every budget at once instead of queueing behind one.
 */
export function interleaveByOwner(jobs: readonly BoardJobData[]): BoardJobData[] {
  const byOwner = new Map<string, BoardJobData[]>();
  for (const job of jobs) byOwner.set(job.owner, [...(byOwner.get(job.owner) ?? []), job]);
  const lists = [...byOwner.values()];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  return Array.from({ length: longest }, (_, n) => lists.flatMap((list) => (n < list.length ? [list[n]!] : []))).flat();
}

/**
 * Adds one job per board, its id derived from the board: a board already queued, running or
 * copied keeps its job (enqueuing twice copies once); a board whose job failed is retried.
 * Resolves with the job ids, in the order given.
 */
export async function enqueueBoards(queue: Queue<BoardJobData, BoardJobResult>, jobs: readonly BoardJobData[], backoffMs?: number): Promise<string[]> {
  const ids: string[] = [];
  for (const data of jobs) {
    const job = await queue.add('copy-board', data, boardJobOptions(data.source, backoffMs));
    if ((await job.getState()) === 'failed') await job.retry('failed');
    ids.push(job.id!);
  }
  return ids;
}
