import { from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import type { MiroApi } from '../../../src/index.js';
import type { MiroSimulator } from '../../../src/simulator/index.js';

/** What the seeded board holds, to compare a copy with. */
export interface DemoBoard {
  boardId: string;
  items: number;
  tags: number;
  attachments: number;
  connectors: number;
}

const FRAMES = 20;
const CHILDREN_PER_FRAME = 20;
const TAG_TITLES = ['urgent', 'idea', 'question', 'done', 'blocked', 'design', 'backend', 'research'];
const TAG_COLORS = ['red', 'yellow', 'cyan', 'green', 'magenta', 'violet', 'blue', 'gray'];
const CALLS_IN_FLIGHT = 8;

/**
 * Seeds a simulator board like a busy workshop board: `total` items of mixed types (frames
 * holding sticky notes, loose notes, shapes, texts, cards, app cards, embeds and images),
 * tags on some notes and cards, and connectors between items. Items go straight into the
 * simulator's memory; tags and connectors through `seeder` (a client with its own token), as
 * the simulator's state has no shortcut for them.
 */
export async function seedDemoBoard(simulator: MiroSimulator, seeder: MiroApi, total = 2_000): Promise<DemoBoard> {
  if (!Number.isInteger(total) || total < FRAMES * (CHILDREN_PER_FRAME + 1) + 100) {
    throw new RangeError(`seedDemoBoard: total must be an integer of at least ${FRAMES * (CHILDREN_PER_FRAME + 1) + 100}, got ${total}`);
  }
  const board = simulator.state.createBoard({ name: 'Workshop (demo source)' });
  const frames = simulator.state.addItems(
    board.id,
    Array.from({ length: FRAMES }, (_, n) => ({
      type: 'frame',
      data: { title: `Session ${n + 1}`, format: 'custom', type: 'freeform', showContent: true },
      position: { x: (n % 5) * 1000, y: Math.floor(n / 5) * 600 },
      geometry: { width: 900, height: 500 },
    })),
  );
  simulator.state.addItems(
    board.id,
    frames.flatMap((frame, f) =>
      Array.from({ length: CHILDREN_PER_FRAME }, (_, n) => ({
        type: 'sticky_note',
        data: { content: `<p>Session ${f + 1} note ${n + 1}</p>`, shape: 'square' },
        style: { fillColor: n % 2 ? 'light_yellow' : 'light_green' },
        position: { x: 60 + (n % 5) * 160, y: 60 + Math.floor(n / 5) * 110 },
        geometry: { width: 150 },
        parent: { id: frame.id },
      })),
    ),
  );
  const loose = total - FRAMES * (CHILDREN_PER_FRAME + 1);
  const items = simulator.state.addItems(
    board.id,
    Array.from({ length: loose }, (_, n) => looseItem(n)),
  );

  const tags = await lastValueFrom(
    from(TAG_TITLES).pipe(
      mergeMap((title, n) => seeder.createTag(board.id, { title, fillColor: TAG_COLORS[n] as 'red' }), CALLS_IN_FLIGHT),
      toArray(),
    ),
  );
  const taggable = items.filter((item) => item.type === 'sticky_note' || item.type === 'card');
  const attachments = taggable
    .filter((_, n) => n % 3 === 0)
    .flatMap((item, n) => [
      { itemId: item.id, tagId: tags[n % tags.length]!.id },
      ...(n % 4 === 0 ? [{ itemId: item.id, tagId: tags[(n + 3) % tags.length]!.id }] : []),
    ]);
  await lastValueFrom(
    from(attachments).pipe(
      mergeMap(({ itemId, tagId }) => seeder.attachTagToItem(board.id, itemId, { tagId }), CALLS_IN_FLIGHT),
      toArray(),
    ),
  );

  const connectable = simulator.state.items(board.id).filter((item) => item.type !== 'frame');
  // About one connector per seven items: 300 on the 2,000-item demo board.
  const connectors = Array.from({ length: Math.round(total * 0.15) }, (_, n) => ({
    start: connectable[(n * 7) % connectable.length]!.id,
    end: connectable[(n * 7 + 13) % connectable.length]!.id,
    n,
  }));
  await lastValueFrom(
    from(connectors).pipe(
      mergeMap(
        ({ start, end, n }) =>
          seeder.createConnector(board.id, {
            startItem: { id: start },
            endItem: { id: end },
            shape: (['curved', 'straight', 'elbowed'] as const)[n % 3],
            ...(n % 5 === 0 ? { captions: [{ content: `step ${n}` }] } : {}),
            style: { strokeColor: '#1a1a1a', strokeWidth: '2' },
          }),
        CALLS_IN_FLIGHT,
      ),
      toArray(),
    ),
  );
  return { boardId: board.id, items: total, tags: tags.length, attachments: attachments.length, connectors: connectors.length };
}

/** The n-th loose item: mostly sticky notes, then shapes, texts, cards, app cards, embeds, images. */
function looseItem(n: number) {
  const position = { x: -3000 + (n % 40) * 220, y: 3000 + Math.floor(n / 40) * 260 };
  const kind = n % 20;
  if (kind < 9)
    return { type: 'sticky_note', data: { content: `Idea ${n}`, shape: 'square' }, style: { fillColor: 'yellow' }, position, geometry: { width: 200 } };
  if (kind < 12)
    return { type: 'shape', data: { content: `Step ${n}`, shape: n % 2 ? 'circle' : 'rectangle' }, position, geometry: { width: 180, height: 120 } };
  if (kind < 15) return { type: 'text', data: { content: `Label ${n}` }, position, geometry: { width: 300 } };
  if (kind < 17) return { type: 'card', data: { title: `Task ${n}`, description: `Do thing ${n}` }, position, geometry: { width: 320, height: 94 } };
  if (kind < 18) return { type: 'app_card', data: { title: `Ticket ${n}`, status: 'disconnected' }, position };
  if (kind < 19) return { type: 'embed', data: { url: `https://example.com/video/${n}`, mode: 'inline' }, position };
  return { type: 'image', data: { title: `Photo ${n}`, url: `https://example.com/photos/${n}.png` }, position, geometry: { width: 400 } };
}
