// @vitest-environment happy-dom
// The board component under Angular's HttpTestingController: the app's own providers
// (provideMiroApi with withHttpClient), Miro's answers given by the test, no simulator. Run by
// the repository's `npm test` (vitest.config.ts resolves `miro-rx` to the library's sources).
import '@angular/compiler';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { appConfig } from './app.config';
import { BoardItems } from './board-items';
import { MIRO_CONFIG } from './miro-config';

const BASE = 'https://miro.test';
let boards = 0;

beforeAll(() => TestBed.initTestEnvironment(BrowserTestingModule, platformBrowserTesting()));
afterEach(() => TestBed.resetTestingModule());

function render(): {
  fixture: ComponentFixture<BoardItems>;
  http: HttpTestingController;
  boardId: string;
} {
  // A board (and token) of its own per test: the credit budget is per token.
  const boardId = `board-${++boards}`;
  TestBed.configureTestingModule({
    providers: [
      ...appConfig.providers,
      provideZonelessChangeDetection(),
      {
        provide: MIRO_CONFIG,
        useValue: { baseUrl: BASE, accessToken: `token-${boardId}`, boardId },
      },
      provideHttpClientTesting(),
    ],
  });
  const fixture = TestBed.createComponent(BoardItems);
  fixture.autoDetectChanges();
  return { fixture, http: TestBed.inject(HttpTestingController), boardId };
}

async function nextRead(http: HttpTestingController, boardId: string): Promise<TestRequest> {
  for (let waited = 0; waited < 2_000; waited += 5) {
    const [found] = http.match((request) =>
      request.url.startsWith(`${BASE}/v2/boards/${boardId}/items`),
    );
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the component never read the board');
}

async function text(fixture: ComponentFixture<BoardItems>, selector: string): Promise<string[]> {
  await fixture.whenStable();
  return Array.from(
    (fixture.nativeElement as HTMLElement).querySelectorAll(selector),
    (node) => node.textContent?.replace(/\s+/g, ' ').trim() ?? '',
  );
}

const sticky = (id: string, content: string, fillColor: string) => ({
  id,
  type: 'sticky_note',
  data: { content: `<p>${content}</p>` },
  style: { fillColor },
});

describe('BoardItems with HttpTestingController', () => {
  it('draws each page as it arrives: sticky notes in their colours, shapes, text, and a count per type', async () => {
    const { fixture, http, boardId } = render();
    (await nextRead(http, boardId)).flush({
      data: [sticky('1', 'Ship it', 'light_pink'), sticky('2', 'Plan', 'yellow')],
      cursor: 'next',
      limit: 50,
      size: 2,
    });
    await vi.waitFor(async () =>
      expect(await text(fixture, '[data-status]')).toEqual(['Loading… 2 items so far']),
    );

    const second = await nextRead(http, boardId);
    expect(second.request.urlWithParams).toContain('cursor=next');
    second.flush({
      data: [
        {
          id: '3',
          type: 'shape',
          data: { shape: 'circle', content: 'Start' },
          style: { fillColor: '#8fd14f' },
        },
        { id: '4', type: 'text', data: { content: '<p>Roadmap &amp; goals</p>' } },
      ],
      limit: 50,
      size: 2,
    });
    await vi.waitFor(async () => expect(await text(fixture, '[data-status]')).toEqual(['4 items']));
    await vi.waitFor(async () =>
      expect(await text(fixture, '.count')).toEqual(['2 sticky notes', '1 shape', '1 text']),
    );
    await vi.waitFor(async () =>
      expect(await text(fixture, '.item .label')).toEqual([
        'Ship it',
        'Plan',
        'Start',
        'Roadmap & goals',
      ]),
    );
    const items = (fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>('.item');
    expect(items[0]!.style.getPropertyValue('--fill')).toBe('#ffcee0');
    expect(items[1]!.style.getPropertyValue('--fill')).toBe('#f5d128');
    expect(items[2]!.querySelector('.shape-figure')!.classList).toContain('circle');
    fixture.destroy();
  });

  it.each([
    [404, 'This board was not found', 'Check the board id'],
    [401, 'Access was revoked: sign in again', 'Sign in to Miro again'],
  ])('a %i reads as words with a next step', async (status, title, next) => {
    const { fixture, http, boardId } = render();
    (await nextRead(http, boardId)).flush(
      { status, message: 'refused' },
      { status, statusText: 'Refused' },
    );
    await vi.waitFor(async () => expect(await text(fixture, '.problem-title')).toEqual([title]));
    await vi.waitFor(async () => expect((await text(fixture, '.problem-next'))[0]).toContain(next));
    await vi.waitFor(async () => expect(await text(fixture, '.item')).toEqual([]));
    fixture.destroy();
  });

  it('no answer from Miro says that it retries', async () => {
    const { fixture, http, boardId } = render();
    // miro-rx retries a read by itself first (after short back-offs); every attempt finds no network.
    const attempts = () => {
      for (const read of http.match((request) =>
        request.url.startsWith(`${BASE}/v2/boards/${boardId}/items`),
      ))
        read.error(new ProgressEvent('error'));
    };
    (await nextRead(http, boardId)).error(new ProgressEvent('error'));
    await vi.waitFor(
      async () => {
        attempts();
        expect(await text(fixture, '.problem-title')).toEqual(['Miro is not reachable: retrying']);
      },
      { timeout: 20_000, interval: 50 },
    );
    fixture.destroy();
  });
});
