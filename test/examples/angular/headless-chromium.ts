import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** Debian's Chromium; nothing here ever downloads a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps dialling Google's hosts, which this
// closed network refuses; the rest make a root, GPU-less, first-run-free start.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The part of playwright-core's Page this suite uses (playwright-core lives in the example's install, not the library's). */
export interface BrowserPage {
  goto(url: string, options?: { waitUntil?: 'load' | 'domcontentloaded' }): Promise<unknown>;
  waitForSelector(selector: string, options?: { timeout?: number; state?: 'attached' | 'detached' | 'visible' | 'hidden' }): Promise<unknown>;
  waitForFunction<A>(fn: (arg: A) => boolean, arg: A, options?: { timeout?: number }): Promise<unknown>;
  selectOption(selector: string, value: string): Promise<unknown>;
  textContent(selector: string): Promise<string | null>;
  $$eval<R>(selector: string, fn: (elements: Element[]) => R): Promise<R>;
  $eval<R>(selector: string, fn: (element: Element) => R): Promise<R>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  on(event: 'console' | 'pageerror', listener: (message: { toString(): string }) => void): unknown;
}

interface BrowserContext {
  newPage(): Promise<BrowserPage>;
  close(): Promise<void>;
}

interface PlaywrightCore {
  chromium: {
    launchPersistentContext(
      userDataDir: string,
      options: { executablePath: string; headless: boolean; args: string[]; timeout?: number },
    ): Promise<BrowserContext>;
  };
}

export interface HeadlessChromium {
  newPage(): Promise<BrowserPage>;
  close(): Promise<void>;
}

/** Loads playwright-core from the package whose package.json is `packageJson`. */
export function playwrightFrom(packageJson: string): PlaywrightCore {
  return createRequire(packageJson)('playwright-core') as PlaywrightCore;
}

export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Starts Chromium headless with a fresh profile that is deleted on close. */
export async function launchChromium(playwright: PlaywrightCore): Promise<HeadlessChromium> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'miro-rx-chromium-'));
  try {
    const context = await playwright.chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 120_000,
    });
    return {
      newPage: () => context.newPage(),
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
