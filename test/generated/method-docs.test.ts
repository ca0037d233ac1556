/** The generated JSDoc reads as English and tells what a paged read asks for and how it fails. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const methods = readFileSync(new URL('../../src/generated/miro-api-methods.ts', import.meta.url), 'utf8');

/** The JSDoc just above the first declaration of `name`. */
function docOf(name: string): string {
  const at = methods.search(new RegExp(`\\n  ${name}[<(]`));
  expect(at).toBeGreaterThan(0);
  const start = methods.lastIndexOf('/**', at);
  return methods.slice(start, at);
}

describe('generated JSDoc', () => {
  it('says what one call does, in the singular when it acts on one thing', () => {
    expect(docOf('createStickyNoteItem')).toContain('Creates a sticky note on a board (`POST /v2/boards/{board_id}/sticky_notes`)');
    expect(docOf('createItems')).toContain('Creates several items in one call, on a board');
    expect(docOf('getSpecificBoard')).toContain('Reads a board (`GET /v2/boards/{board_id}`)');
    expect(docOf('getItems')).toContain('Lists the items of a board');
    expect(docOf('deleteStickyNoteItem')).toContain('Deletes a sticky note of a board');
    expect(docOf('copyBoard')).toContain('Copies a board');
  });

  it('has none of the old odd phrases anywhere', () => {
    expect(methods).not.toMatch(/the bulk of|of a item|one of the \w+|Creates the \w+s of/);
  });

  it("getAllItems says which page size it asks for, Miro's default beside it, and names its errors", () => {
    const doc = docOf('getAllItems');
    expect(doc).toContain('Asks for pages of 50, the largest allowed');
    expect(doc).toContain("Miro's default `10`, 50 here when not set");
    expect(doc).not.toMatch(/, default `10`/);
    for (const error of ['MiroValidationError', 'MiroApiError', 'MiroPaginationError', 'resumeFrom']) expect(doc).toContain(error);
  });
});
