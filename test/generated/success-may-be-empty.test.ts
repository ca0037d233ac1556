/**
 * `successMayBeEmpty` of every generated operation, checked against the document itself: true
 * exactly when some documented 2xx answer has no body (a 204, or a code without JSON content).
 * The response reader fails an empty success of any other operation (transport/response-body.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { operationTable } from '../../src/index.js';

type Responses = Record<string, { content?: Record<string, unknown> }>;
const document = JSON.parse(readFileSync(fileURLToPath(new URL('../../spec/miro-openapi.json', import.meta.url)), 'utf8'));

/** operationId -> whether some documented success has no body, read from the raw document. */
const fromDocument = new Map<string, boolean>();
for (const item of Object.values<Record<string, { operationId?: string; responses?: Responses }>>(document.paths)) {
  for (const op of Object.values(item)) {
    if (!op?.operationId) continue;
    const successes = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
    const empty = successes.some(([code, response]) => code === '204' || !Object.keys(response.content ?? {}).some((type) => /json/.test(type)));
    fromDocument.set(op.operationId, empty);
  }
}

describe('successMayBeEmpty', () => {
  it('is true exactly for the operations whose documented success may carry no body', () => {
    expect(fromDocument.size).toBe(197);
    const generated = new Map(operationTable.map((op) => [op.operationId, op.successMayBeEmpty]));
    expect(generated).toEqual(fromDocument);
  });

  it('covers the deletes (204), an answer without content, and update-board (200 with the board, or 202)', () => {
    const flagged = operationTable.filter((op) => op.successMayBeEmpty);
    expect(flagged).toHaveLength(39);
    expect(flagged.filter((op) => !op.emptyResponse).map((op) => op.operationId)).toEqual(['update-board']);
    expect(operationTable.filter((op) => op.method === 'DELETE' && !op.successMayBeEmpty).map((op) => op.operationId)).toEqual([]);
    expect(operationTable.find((op) => op.operationId === 'get-specific-board')?.successMayBeEmpty).toBe(false);
  });
});
