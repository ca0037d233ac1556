/**
 * docs/defaults.md lists every default: each row naming a constant must show that constant's
 * value, and every `DEFAULT_*` constant of src/ must have a row, so the page cannot drift from
 * the code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASE_URL, DEFAULT_SCIM_BASE_URL, DEFAULT_TIMEOUT_MS } from '../../src/miro-api-options.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/transport/response-size.js';
import { DEFAULT_CREDIT_BUDGET, DEFAULT_CREDIT_WINDOW_MS, DEFAULT_IDLE_RELEASE_MS, DEFAULT_RESET_MARGIN_MS } from '../../src/limiter/rate-limit-options.js';
import { DEFAULT_MAX_DELAY_MS, DEFAULT_MAX_RATE_LIMIT_WAIT_MS, DEFAULT_MIN_DELAY_MS, DEFAULT_RETRIES } from '../../src/retry/retry-options.js';
import { DEFAULT_BULK_CONCURRENCY } from '../../src/bulk/bulk-create-items.js';
import { BULK_FILE_ITEM_TYPES, BULK_MAX_ITEMS, BULK_MAX_UPLOAD_BYTES } from '../../src/bulk/bulk-limits.js';
import { DEFAULT_MAX_BUDGET_SHARE, DEFAULT_WATCH_INTERVAL_MS } from '../../src/watch/watch-board-options.js';
import {
  DEFAULT_AUTH_BASE_URL,
  DEFAULT_OAUTH_API_BASE_URL,
  DEFAULT_REFRESH_MARGIN_MS,
  DEFAULT_STATE_TTL_MS,
  DEFAULT_STORAGE_TIMEOUT_MS,
} from '../../src/oauth/miro-options.js';
import { DEFAULT_SIMULATOR_TOKEN } from '../../src/simulator/server.js';
import { CREDITS_PER_LEVEL } from '../../src/http/credit-cost.js';
import {
  DEFAULT_EXPORT_BUDGET_SHARE,
  DEFAULT_EXPORT_MAX_POLL_INTERVAL_MS,
  DEFAULT_EXPORT_MAX_WAIT_MS,
  DEFAULT_EXPORT_POLL_INTERVAL_MS,
} from '../../src/export/export-boards-options.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const page = readFileSync(path.join(ROOT, 'docs/defaults.md'), 'utf8');

const constants: Record<string, unknown> = {
  DEFAULT_BASE_URL,
  DEFAULT_SCIM_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_CREDIT_BUDGET,
  DEFAULT_CREDIT_WINDOW_MS,
  DEFAULT_RESET_MARGIN_MS,
  DEFAULT_IDLE_RELEASE_MS,
  DEFAULT_RETRIES,
  DEFAULT_MIN_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MAX_RATE_LIMIT_WAIT_MS,
  DEFAULT_BULK_CONCURRENCY,
  DEFAULT_WATCH_INTERVAL_MS,
  DEFAULT_MAX_BUDGET_SHARE,
  DEFAULT_AUTH_BASE_URL,
  DEFAULT_OAUTH_API_BASE_URL,
  DEFAULT_REFRESH_MARGIN_MS,
  DEFAULT_STATE_TTL_MS,
  DEFAULT_STORAGE_TIMEOUT_MS,
  DEFAULT_SIMULATOR_TOKEN,
  DEFAULT_EXPORT_BUDGET_SHARE,
  DEFAULT_EXPORT_POLL_INTERVAL_MS,
  DEFAULT_EXPORT_MAX_POLL_INTERVAL_MS,
  DEFAULT_EXPORT_MAX_WAIT_MS,
  CREDITS_PER_LEVEL,
  BULK_MAX_ITEMS,
  BULK_MAX_UPLOAD_BYTES,
  BULK_FILE_ITEM_TYPES,
};

/** Table rows of the page whose last cell names a constant: [value cell, constant]. */
function rowsWithConstants(): Array<[string, string]> {
  return page
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map((cells) => [cells[2] ?? '', /^`([A-Z][A-Z0-9_]+)`$/.exec(cells[3] ?? '')?.[1]] as const)
    .filter((row): row is [string, string] => row[1] !== undefined);
}

/** How the page writes a value: numbers as 30,000, strings in backticks, lists and maps spelled out. */
function expectedTexts(value: unknown): string[] {
  if (typeof value === 'number') return [value.toLocaleString('en-US')];
  if (typeof value === 'string') return [`\`${value}\``];
  if (Array.isArray(value)) return value.map((entry) => `\`${String(entry)}\``);
  return Object.entries(value as object).map(([key, entry]) => `${key}: ${(entry as number).toLocaleString('en-US')}`);
}

function showsValue(cell: string, text: string): boolean {
  // A number must stand alone: 65,000 is not found in 165,000 or 65,0001.
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\d,.])${escaped}($|[^\\d,]|,(?!\\d))`).test(cell);
}

/** Every `export const DEFAULT_*` of src/ outside the generated code. */
function defaultConstantsInSource(folder = path.join(ROOT, 'src')): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : defaultConstantsInSource(full);
    if (!entry.name.endsWith('.ts')) return [];
    return [...readFileSync(full, 'utf8').matchAll(/^export const (DEFAULT_[A-Z0-9_]+)/gm)].map((match) => match[1]!);
  });
}

describe('docs/defaults.md', () => {
  it('shows the value of every constant it names', () => {
    const rows = rowsWithConstants();
    expect(rows.length).toBeGreaterThanOrEqual(Object.keys(constants).length);
    for (const [cell, name] of rows) {
      expect(Object.keys(constants), `${name} is named in docs/defaults.md but not imported by this test`).toContain(name);
      for (const text of expectedTexts(constants[name])) expect(showsValue(cell, text), `${name}: "${cell}" should show ${text}`).toBe(true);
    }
  });

  it('has a row for every DEFAULT_* constant of src/', () => {
    const named = new Set(rowsWithConstants().map(([, name]) => name));
    const missing = defaultConstantsInSource().filter((name) => !named.has(name));
    expect(missing).toEqual([]);
  });
});
