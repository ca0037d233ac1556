// End to end: the Angular example (examples/angular), built for production and served from
// loopback, reads boards of the simulator in headless Debian Chromium, and is looked at the way
// a person would: what the page says, the colours of the notes, and a screenshot of each state
// (under the temp dir, printed at the end). Skips without Chromium unless
// MIRO_RX_REQUIRE_CHROMIUM=1 (CI), where it fails instead. The example's own packages are
// installed here when missing (examples/angular/package-lock.json, `npm ci`), so a fresh clone
// needs nothing beyond `npm install && npm test`.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMiroSimulator } from '../../src/simulator/index.js';
import type { MiroSimulator, SimulatorItem } from '../../src/simulator/types.js';
import { ensureAngularBuild } from './angular/angular-build.js';
import { ensureExampleInstall } from './angular/example-install.js';
import { type BrowserPage, CHROMIUM_PATH, type HeadlessChromium, hasChromium, launchChromium, playwrightFrom } from './angular/headless-chromium.js';
import { type StaticServer, serveStatic } from './angular/static-server.js';

const exampleDir = fileURLToPath(new URL('../../examples/angular/', import.meta.url));
const required = process.env.MIRO_RX_REQUIRE_CHROMIUM === '1';

const missing = hasChromium() ? [] : [`${CHROMIUM_PATH} (apt-get install chromium)`];
const skipped = missing.length > 0 && !required;
if (skipped) console.warn(`Angular e2e skipped, missing: ${missing.join(', ')}. MIRO_RX_REQUIRE_CHROMIUM=1 makes this a failure.`);
const screenshots = path.join(os.tmpdir(), 'miro-rx-angular-e2e');

const TOKEN = 'angular-e2e-token';
// 72 items: two pages of get-items at 50 a page, five types in unequal numbers.
const SEEDED: Record<string, number> = { sticky_note: 30, card: 18, shape: 12, text: 8, frame: 4 };
const STICKY_COLOURS = ['light_yellow', 'light_pink', 'light_blue', 'light_green', 'orange'];
const SHAPES = ['rectangle', 'circle', 'triangle', 'round_rectangle'];
const descriptions = Object.entries(SEEDED).flatMap(([type, count]) =>
  Array.from({ length: count }, (_, n) => ({
    type,
    // Rich-text types carry HTML in `content`; cards and frames have a plain `title`.
    data:
      type === 'card' || type === 'frame'
        ? { title: `${type} title ${n + 1}` }
        : { content: `<p>${type} <strong>text</strong> ${n + 1}</p>`, ...(type === 'shape' ? { shape: SHAPES[n % SHAPES.length] } : {}) },
    ...(type === 'sticky_note' ? { style: { fillColor: STICKY_COLOURS[n % STICKY_COLOURS.length] } } : {}),
    ...(type === 'shape' ? { style: { fillColor: '#8fd14f' } } : {}),
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
    mkdirSync(screenshots, { recursive: true });
    await ensureExampleInstall(exampleDir);
    const served = await ensureAngularBuild(exampleDir);
    sim = await startMiroSimulator({ tokens: [TOKEN] });
    boardId = sim.state.createBoard({ name: 'Angular e2e' }).id;
    seeded = sim.state.addItems(boardId, descriptions);
    site = await serveStatic(served);
    chromium = await launchChromium(playwrightFrom(path.join(exampleDir, 'package.json')));
  }, 1_200_000);

  afterAll(async () => {
    if (!skipped) console.info(`Angular e2e screenshots: ${screenshots}`);
    await chromium?.close();
    await site?.close();
    await sim?.close();
  });

  async function open(board: string, where: { api?: string; token?: string } = {}): Promise<BrowserPage> {
    const page = await chromium!.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.toString()));
    await page.goto(`${site!.url}/?${new URLSearchParams({ api: where.api ?? sim!.url, token: where.token ?? TOKEN, board })}`);
    return page;
  }

  /** What a person reads in these elements, spaces as they see them. */
  function read(page: BrowserPage, selector: string): Promise<string[]> {
    // biome-ignore lint/performance/useDomNodeTextContent: innerText is what a person sees, laid out
    return page.$$eval(selector, (nodes) => nodes.map((node) => (node as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
  }

  const shoot = (page: BrowserPage, name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });

  it('draws the board as it streams in: notes in their colours, shapes, a count per type, a type filter', async () => {
    sim!.setFaults({ latency: { ms: PAGE_LATENCY_MS, operations: ['get-items'] } });
    const page = await open(boardId);
    // The first page is on screen while the second is still on its way.
    await page.waitForSelector('li.item:nth-child(50)', { timeout: 30_000 });
    expect(await read(page, '[data-status]')).toEqual(['Loading… 50 items so far']);
    expect(await page.$$eval('.spinner', (nodes) => nodes.length)).toBe(1);
    expect(await read(page, '.count')).toEqual(['30 sticky notes', '18 cards', '2 shapes']);
    await shoot(page, '1-loading');
    await page.waitForSelector('[data-status="loaded"]', { timeout: 30_000 });
    sim!.setFaults(undefined);

    expect(await read(page, 'h1')).toEqual(['Angular e2e']);
    expect(await read(page, '[data-status]')).toEqual(['72 items']);
    expect(await read(page, '.count')).toEqual(['30 sticky notes', '18 cards', '12 shapes', '8 texts', '4 frames']);
    const rendered = await page.$$eval('li.item', (rows) =>
      rows.map((row) => ({
        id: row.getAttribute('data-id'),
        type: row.getAttribute('data-type'),
        // biome-ignore lint/performance/useDomNodeTextContent: innerText is what a person sees, laid out
        text: (row as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
        background: getComputedStyle(row).backgroundColor,
        figure: row.querySelector('.shape-figure')?.className,
      })),
    );
    expect(rendered.map((row) => row.id)).toEqual(seeded.map((item) => item.id));
    // Markup stripped from content, titles shown as they are, sticky notes in their own colours.
    expect(rendered[0]).toMatchObject({ type: 'sticky_note', text: 'sticky_note text 1', background: 'rgb(255, 249, 177)' });
    expect(rendered[1]).toMatchObject({ background: 'rgb(255, 206, 224)' });
    expect(rendered[2]).toMatchObject({ background: 'rgb(166, 204, 245)' });
    expect(rendered[36]).toMatchObject({ type: 'card', text: 'card title 7' });
    expect(rendered[49]).toMatchObject({ type: 'shape', text: 'shape text 2', figure: 'shape-figure circle' });
    expect(rendered[68]).toMatchObject({ type: 'frame', text: 'FRAME frame title 1' });
    await shoot(page, '2-list');
    // One stream of two pages, the second from the first one's cursor (the live watch's reads follow).
    const reads = sim!.requestLog.filter((entry) => entry.operationId === 'get-items').slice(0, 2);
    expect(reads.map((entry) => entry.status)).toEqual([200, 200]);
    expect(reads[1]?.query).toMatch(/cursor=/);

    await page.selectOption('select[name="type"]', 'shape');
    await page.waitForSelector('li.item[data-type="shape"]:nth-child(12):last-child', { timeout: 10_000 });
    expect(await page.$$eval('li.item', (rows) => rows.map((row) => row.getAttribute('data-type')))).toEqual(Array(12).fill('shape'));
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('follows the board live: notes added, edited and removed through the API show up', async () => {
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
    const created = (await (await call('POST', '/sticky_notes', { data: { content: '<p>added live</p>' }, style: { fillColor: 'light_green' } })).json()) as {
      id: string;
    };
    await page.waitForSelector(`li.item[data-id="${created.id}"]`, { timeout: 30_000 });
    expect(await read(page, `li.item[data-id="${created.id}"]`)).toEqual(['added live']);
    expect(await page.$eval(`li.item[data-id="${created.id}"]`, (row) => getComputedStyle(row).backgroundColor)).toBe('rgb(213, 246, 146)');
    expect(await read(page, '.count')).toEqual(['4 sticky notes']);
    await shoot(page, '3-live-change');
    expect((await call('PATCH', `/sticky_notes/${first!.id}`, { data: { content: 'edited live' } })).status).toBe(200);
    await page.waitForFunction((id) => document.querySelector(`li.item[data-id="${id}"] .label`)?.textContent?.trim() === 'edited live', first!.id, {
      timeout: 30_000,
    });
    expect((await call('DELETE', `/items/${second!.id}`)).status).toBe(204);
    await page.waitForSelector(`li.item[data-id="${second!.id}"]`, { state: 'detached', timeout: 30_000 });
    expect(await read(page, '[data-status]')).toEqual(['3 items']);
    expect(await page.$$eval('li.item', (rows) => rows.map((row) => row.getAttribute('data-id')))).toEqual([
      first!.id,
      sim!.state.items(board)[1]!.id,
      created.id,
    ]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('says in words what went wrong, and what to do next', async () => {
    const page = await open('uXjVNoSuchBoard=');
    await page.waitForSelector('[data-status="error"]', { timeout: 30_000 });
    expect(await read(page, '.problem-title')).toEqual(['This board was not found']);
    expect((await read(page, '.problem-next'))[0]).toContain('Check the board id in the address');
    expect(await read(page, '[role="alert"]')).not.toContainEqual(expect.stringContaining(TOKEN));
    expect(await page.$$eval('li.item', (rows) => rows.length)).toBe(0);
    await shoot(page, '4-error-not-found');

    const revoked = await open(boardId, { token: 'a-revoked-token' });
    await revoked.waitForSelector('[data-status="error"]', { timeout: 30_000 });
    expect(await read(revoked, '.problem-title')).toEqual(['Access was revoked: sign in again']);
    expect(await read(revoked, '[role="alert"]')).not.toContainEqual(expect.stringContaining('a-revoked-token'));

    // Port 9 (discard) on loopback: nothing listens there, the connection is refused.
    const offline = await open(boardId, { api: 'http://127.0.0.1:9' });
    await offline.waitForSelector('[data-status="error"]', { timeout: 60_000 });
    expect(await read(offline, '.problem-title')).toEqual(['Miro is not reachable: retrying']);
    await shoot(offline, '5-error-unreachable');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
