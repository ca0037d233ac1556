/**
 * `npx tsx examples/demo.ts` (the first `npm run demo`, which now runs the migration example):
 * copies a board of about 2,000 items to a new board, streaming: the source is
 * read page by page (`getAllItems`, 50 items a page) while items are created 20 at a time
 * (`bulkCreateItems`), all under the client's credit limiter.
 *
 * By default it runs on the Miro simulator (`miro-rx/simulator`) on loopback. The simulator's
 * window is shortened to 5 s (Miro's budget of 100,000 credits per 5 s instead of per minute)
 * so that the ~204,000 credits of the copy take seconds; the client is told the same window.
 *
 * Against Miro: `MIRO_ACCESS_TOKEN=... MIRO_SOURCE_BOARD_ID=... npm run demo`
 * (optional `MIRO_TARGET_BOARD_ID`; otherwise a new board is created). Real windows last a minute.
 */
import { Observable, filter, lastValueFrom, map, tap } from 'rxjs';
import { MiroApi, type BulkJsonItem, type MiroInterceptor } from '../src/index.js';
import { startMiroSimulator, type MiroSimulator } from '../src/simulator/index.js';

const SEED_ITEMS = 2_000;
const DEMO_WINDOW_MS = 5_000;
const COPYABLE = new Set(['sticky_note', 'shape', 'text', 'card', 'app_card', 'frame', 'embed', 'image', 'document']);

const realToken = process.env.MIRO_ACCESS_TOKEN;
if (realToken && !process.env.MIRO_SOURCE_BOARD_ID) {
  console.error('MIRO_ACCESS_TOKEN is set: set MIRO_SOURCE_BOARD_ID to the board to copy as well.');
  process.exit(2);
}

// Counts every attempt on the wire and the credits Miro charges for it.
const sent = { requests: 0, credits: 0, tooMany: 0 };
const meter: MiroInterceptor = (request, next) => {
  sent.requests += 1;
  sent.credits += request.creditCost;
  return next(request).pipe(tap({ error: (error: { status?: number }) => error?.status === 429 && (sent.tooMany += 1) }));
};

let simulator: MiroSimulator | undefined;
let api: MiroApi;
let sourceBoardId: string;
if (realToken) {
  api = new MiroApi(realToken, { interceptors: [meter] });
  sourceBoardId = process.env.MIRO_SOURCE_BOARD_ID!;
  console.log(`Copying Miro board ${sourceBoardId} (real API)`);
} else {
  const token = 'demo-token';
  simulator = await startMiroSimulator({ tokens: [token], rateLimit: { budget: 100_000, windowMs: DEMO_WINDOW_MS } });
  const source = simulator.state.createBoard({ name: 'Demo source' });
  simulator.state.addItems(source.id, seedItems(SEED_ITEMS));
  sourceBoardId = source.id;
  const url = simulator.url;
  api = new MiroApi(token, { baseUrl: url, scimBaseUrl: `${url}/scim`, rateLimit: { windowMs: DEMO_WINDOW_MS }, interceptors: [meter] });
  console.log(`Simulator at ${url}: board ${source.id} seeded with ${SEED_ITEMS} items; credit window ${DEMO_WINDOW_MS / 1000} s`);
}

const started = performance.now();
try {
  const targetId = process.env.MIRO_TARGET_BOARD_ID ?? (await lastValueFrom(api.createBoard({ name: 'Copy made by miro-rx' }))).id!;
  let read = 0;
  let created = 0;
  let failed = 0;
  const copies$: Observable<BulkJsonItem> = api.getAllItems(sourceBoardId, { limit: 50 }).pipe(
    tap(() => (read += 1)),
    filter((item) => COPYABLE.has(item.type ?? '')),
    map(toCreate),
  );
  await lastValueFrom(
    api.bulkCreateItems(targetId, copies$).pipe(
      tap((result) => {
        if (result.error) {
          failed += 1;
          if (failed <= 3) console.error(`item ${result.index} not created: ${result.error.message}`);
        } else created += 1;
        if ((created + failed) % 500 === 0) console.log(`  ${created + failed} items copied...`);
      }),
    ),
    { defaultValue: undefined },
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nCopied board ${sourceBoardId} to ${targetId} in ${seconds.toFixed(1)} s`);
  console.log(`  items read       ${read}`);
  console.log(`  items created    ${created}${failed ? ` (${failed} failed)` : ''}`);
  console.log(`  requests sent    ${sent.requests} (${sent.tooMany} answered 429)`);
  console.log(`  credits charged  ${sent.credits.toLocaleString('en')}`);
  if (simulator) {
    const charged = simulator.requestLog.reduce((sum, entry) => sum + entry.credits, 0);
    console.log(`  simulator saw    ${simulator.requestLog.length} requests, charged ${charged.toLocaleString('en')} credits`);
  }
} finally {
  await simulator?.close();
}

/** A grid of sticky notes and shapes, as a busy workshop board might hold. */
function seedItems(count: number) {
  return Array.from({ length: count }, (_, index) => {
    const position = { x: (index % 50) * 220, y: Math.floor(index / 50) * 250 };
    return index % 4 === 3
      ? { type: 'shape', data: { shape: 'round_rectangle', content: `Step ${index + 1}` }, position }
      : { type: 'sticky_note', data: { content: `Idea ${index + 1}`, shape: 'square' }, style: { fillColor: 'light_yellow' }, position };
  });
}

/** What `createItems` needs to recreate an item read with `getItems`. */
function toCreate(item: { type?: string; data?: unknown; style?: unknown; position?: { x?: number; y?: number }; geometry?: { width?: number } }): BulkJsonItem {
  return {
    type: item.type,
    data: item.data,
    style: item.style,
    position: { x: item.position?.x ?? 0, y: item.position?.y ?? 0 },
    // Sticky notes keep their aspect ratio: Miro takes a width or a height, not both.
    geometry: item.type === 'sticky_note' ? { width: item.geometry?.width } : item.geometry,
  } as BulkJsonItem;
}
