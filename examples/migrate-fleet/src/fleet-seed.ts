import { from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import type { MiroApi } from '../../../src/index.js';
import type { MiroSimulator } from '../../../src/simulator/index.js';

/** One seeded board, with what a faithful copy of it must hold. */
export interface SeededBoard {
  boardId: string;
  owner: string;
  items: number;
  attachments: number;
  connectors: number;
}

const FRAMES = 2;
const CHILDREN_PER_FRAME = 10;
const TAG_TITLES = ['urgent', 'idea', 'question', 'blocked'];
const CALLS_IN_FLIGHT = 8;

/**
 * Seeds `boards` boards of `items` items each on the simulator, owned in turn by `owners`, in
 * team `teamId`: frames with sticky notes inside, loose notes, shapes and cards, four tags on
 * some of them, and a connector per ten items. Items go straight into the simulator's memory;
 * tags and connectors through `seeder` (its own user, so the owners' budgets start untouched).
 */
export async function seedFleetBoards(
  simulator: MiroSimulator,
  seeder: MiroApi,
  options: { boards: number; items: number; owners: readonly string[]; teamId?: string },
): Promise<SeededBoard[]> {
  const minimum = FRAMES * (CHILDREN_PER_FRAME + 1) + 20;
  if (!Number.isInteger(options.items) || options.items < minimum) throw new RangeError(`seedFleetBoards: items must be an integer of at least ${minimum}`);
  if (options.owners.length === 0) throw new RangeError('seedFleetBoards: name at least one owner');
  const seeded: SeededBoard[] = [];
  for (let n = 0; n < options.boards; n++) {
    const owner = options.owners[n % options.owners.length]!;
    seeded.push(await seedBoard(simulator, seeder, { name: `Workshop ${n + 1} of ${owner}`, owner, items: options.items, teamId: options.teamId }));
  }
  return seeded;
}

async function seedBoard(
  simulator: MiroSimulator,
  seeder: MiroApi,
  options: { name: string; owner: string; items: number; teamId?: string },
): Promise<SeededBoard> {
  const { state } = simulator;
  const board = state.createBoard({ name: options.name, owner: options.owner, ...(options.teamId ? { teamId: options.teamId } : {}) });
  const frames = state.addItems(
    board.id,
    Array.from({ length: FRAMES }, (_, n) => ({
      type: 'frame',
      data: { title: `Session ${n + 1}`, format: 'custom', type: 'freeform', showContent: true },
      position: { x: n * 1000, y: 0 },
      geometry: { width: 900, height: 500 },
    })),
  );
  state.addItems(
    board.id,
    frames.flatMap((frame, f) =>
      Array.from({ length: CHILDREN_PER_FRAME }, (_, n) => ({
        type: 'sticky_note',
        data: { content: `Session ${f + 1} note ${n + 1}` },
        position: { x: 60 + (n % 5) * 160, y: 60 + Math.floor(n / 5) * 110 },
        parent: { id: frame.id },
      })),
    ),
  );
  const loose = state.addItems(
    board.id,
    Array.from({ length: options.items - FRAMES * (CHILDREN_PER_FRAME + 1) }, (_, n) => {
      const position = { x: -3000 + (n % 30) * 220, y: 3000 + Math.floor(n / 30) * 260 };
      if (n % 5 < 3) return { type: 'sticky_note', data: { content: `Idea ${n}` }, position };
      if (n % 5 < 4) return { type: 'shape', data: { content: `Step ${n}`, shape: 'rectangle' }, position, geometry: { width: 180, height: 120 } };
      return { type: 'card', data: { title: `Task ${n}` }, position };
    }),
  );
  const tags = await lastValueFrom(
    from(TAG_TITLES).pipe(
      mergeMap((title) => seeder.createTag(board.id, { title }), CALLS_IN_FLIGHT),
      toArray(),
    ),
  );
  const links = loose.filter((item, n) => n % 4 === 0 && (item.type === 'sticky_note' || item.type === 'card'));
  await lastValueFrom(
    from(links).pipe(
      mergeMap((item, n) => seeder.attachTagToItem(board.id, item.id, { tagId: tags[n % tags.length]!.id }), CALLS_IN_FLIGHT),
      toArray(),
    ),
  );
  const connectors = Array.from({ length: Math.floor(options.items / 10) }, (_, n) => ({ start: loose[n * 3]!.id, end: loose[n * 3 + 7]!.id }));
  await lastValueFrom(
    from(connectors).pipe(
      mergeMap(({ start, end }) => seeder.createConnector(board.id, { startItem: { id: start }, endItem: { id: end } }), CALLS_IN_FLIGHT),
      toArray(),
    ),
  );
  return { boardId: board.id, owner: options.owner, items: options.items, attachments: links.length, connectors: connectors.length };
}
