// End to end: the Angular example (examples/angular), built for production and served from
// loopback, reads a board of the simulator in headless Debian Chromium. Skips without Chromium
// or the example's install, unless MIRO_RX_REQUIRE_CHROMIUM=1 (CI), where it fails instead.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMiroSimulator } from '../../src/simulator/index.js';
import type { MiroSimulator, SimulatorItem } from '../../src/simulator/types.js';
import { ensureAngularBuild } from './angular/angular-build.js';
import { type BrowserPage, CHROMIUM_PATH, type HeadlessChromium, hasChromium, launchChromium, playwrightFrom } from './angular/headless-chromium.js';
import { type StaticServer, serveStatic } from './angular/static-server.js';

const exampleDir = fileURLToPath(new URL('../../examples/angular/', import.meta.url));
const required = process.env.MIRO_RX_REQUIRE_CHROMIUM === '1';

const missing = [
  ...(hasChromium() ? [] : [`${CHROMIUM_PATH} (apt-get install chromium)`]),
  ...(existsSync(path.join(exampleDir, 'node_modules/@angular/build')) && existsSync(path.join(exampleDir, 'node_modules/playwright-core'))
    ? []
    : ['examples/angular/node_modules (npm run build && npm install --prefix examples/angular)']),
];
const skipped = missing.length > 0 && !required;
if (skipped) console.warn(`Angular e2e skipped, missing: ${missing.join(', ')}. MIRO_RX_REQUIRE_CHROMIUM=1 makes this a failure.`);

const TOKEN = 'angular-e2e-token';
// 72 items: two pages of get-items at 50 a page, five types in unequal numbers.
const SEEDED: Record<string, number> = { sticky_note: 30, card: 18, shape: 12, text: 8, frame: 4 };
const descriptions = Object.entries(SEEDED).flatMap(([type, count]) =>
  Array.from({ length: count }, (_, n) => ({
    type,
    // Rich-text types carry HTML in `content`; cards and frames have a plain `title`.
    data: type === 'card' || type === 'frame' ? { title: `${type} title ${n + 1}` } : { content: `<p>${type} <strong>text</strong> ${n + 1}</p>` },
  })),
);
// Long enough to look at the page between the two pages of get-items, even on a busy machine.
const PAGE_LATENCY_MS = 4_000;

describe.skipIf(skipped)(`examples/angular in headless Chromium${skipped ? ` (skipped: missing ${missing.join(', ')})` : ''}`, () => {
  let sim: MiroSimulator | undefined;
  let site: StaticServer | undefined;
  let chromium: HeadlessChromium | undefined;
  let boardId = '';
  let seeded: SimulatorItem[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (missing.length > 0) throw new Error(`MIRO_RX_REQUIRE_CHROMIUM=1 but missing: ${missing.join(', ')}`);
    const served = await ensureAngularBuild(exampleDir);
    sim = await startMiroSimulator({ tokens: [TOKEN] });
    boardId = sim.state.createBoard({ name: 'Angular e2e' }).id;
    seeded = sim.state.addItems(boardId, descriptions);
    site = await serveStatic(served);
    chromium = await launchChromium(playwrightFrom(path.join(exampleDir, 'package.json')));
  }, 600_000);

  afterAll(async () => {
    await chromium?.close();
    await site?.close();
    await sim?.close();
  });

  async function open(board: string): Promise<BrowserPage> {
    const page = await chromium!.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.toString()));
    await page.goto(`${site!.url}/?${new URLSearchParams({ api: sim!.url, token: TOKEN, board })}`);
    return page;
  }

  function countsByType(page: BrowserPage): Promise<Array<Array<string | undefined>>> {
    return page.$$eval('tr.count', (rows) => rows.map((row) => Array.from(row.querySelectorAll('td'), (cell) => cell.textContent?.trim())));
  }

  it('renders every item of the board as it streams in, counted by type, and filters by type', async () => {
    sim!.setFaults({ latency: { ms: PAGE_LATENCY_MS, operations: ['get-items'] } });
    const page = await open(boardId);
    // The first page is on screen while the second is still on its way.
    await page.waitForSelector('li.item:nth-child(50)', { timeout: 30_000 });
    expect((await page.textContent('[data-status="loading"]'))?.trim()).toBe('Loading… 50 items so far');
    expect(await countsByType(page)).toEqual([
      ['sticky_note', '30'],
      ['card', '18'],
      ['shape', '2'],
    ]);
    await page.waitForSelector('[data-status="loaded"]', { timeout: 30_000 });
    sim!.setFaults(undefined);

    expect((await page.textContent('[data-status]'))?.trim()).toBe('72 items');
    const rendered = await page.$$eval('li.item', (rows) =>
      rows.map((row) => ({ id: row.getAttribute('data-id'), type: row.getAttribute('data-type'), label: row.querySelector('.label')?.textContent?.trim() })),
    );
    expect(rendered.map((row) => row.id)).toEqual(seeded.map((item) => item.id));
    // Markup stripped from content, titles shown as they are.
    expect(rendered[0]).toMatchObject({ type: 'sticky_note', label: 'sticky_note text 1' });
    expect(rendered[36]).toMatchObject({ type: 'card', label: 'card title 7' });
    expect(await countsByType(page)).toEqual([
      ['sticky_note', '30'],
      ['card', '18'],
      ['shape', '12'],
      ['text', '8'],
      ['frame', '4'],
    ]);
    // One stream of two pages, the second from the first one's cursor (the live watch's reads follow).
    const reads = sim!.requestLog.filter((entry) => entry.operationId === 'get-items').slice(0, 2);
    expect(reads.map((entry) => entry.status)).toEqual([200, 200]);
    expect(reads[1]?.query).toMatch(/cursor=/);

    await page.selectOption('select[name="type"]', 'shape');
    await page.waitForSelector('li.item[data-type="shape"]:nth-child(12):last-child', { timeout: 10_000 });
    expect(await page.$$eval('li.item', (rows) => rows.map((row) => row.getAttribute('data-type')))).toEqual(Array(12).fill('shape'));
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('follows the board live: items added, edited and removed through the API show up in the list', async () => {
    const board = sim!.state.createBoard({ name: 'Angular live' }).id;
    const [first, second] = sim!.state.addItems(board, 3);
    const page = await open(board);
    await page.waitForSelector('[data-status="loaded"]', { timeout: 30_000 });
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${sim!.url}/v2/boards/${encodeURIComponent(board)}${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const created = (await (await call('POST', '/sticky_notes', { data: { content: '<p>added live</p>' } })).json()) as { id: string };
    await page.waitForSelector(`li.item[data-id="${created.id}"]`, { timeout: 30_000 });
    expect((await page.textContent(`li.item[data-id="${created.id}"] .label`))?.trim()).toBe('added live');
    expect((await call('PATCH', `/sticky_notes/${first!.id}`, { data: { content: 'edited live' } })).status).toBe(200);
    await page.waitForFunction((id) => document.querySelector(`li.item[data-id="${id}"] .label`)?.textContent?.trim() === 'edited live', first!.id, {
      timeout: 30_000,
    });
    expect((await call('DELETE', `/items/${second!.id}`)).status).toBe(204);
    await page.waitForSelector(`li.item[data-id="${second!.id}"]`, { state: 'detached', timeout: 30_000 });
    expect((await page.textContent('[data-status]'))?.trim()).toBe('3 items');
    expect(await page.$$eval('li.item', (rows) => rows.map((row) => row.getAttribute('data-id')))).toEqual([
      first!.id,
      sim!.state.items(board)[1]!.id,
      created.id,
    ]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("shows Miro's refusal when the board does not exist", async () => {
    const page = await open('uXjVNoSuchBoard=');
    await page.waitForSelector('[data-status="error"]', { timeout: 30_000 });
    const alert = await page.textContent('[role="alert"]');
    expect(alert).toContain('404');
    expect(alert).not.toContain(TOKEN);
    expect(await page.$$eval('li.item', (rows) => rows.length)).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
