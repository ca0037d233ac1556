/**
 * miro-rx/operations: every operation of Miro's REST API as a function taking a `MiroClient`
 * first, then exactly the arguments of the `MiroApi` method of the same name. Each lives in its
 * own module with no side effects, so a bundler keeps only the operations an app calls (and
 * their validators).
 *
 * @example
 * ```ts
 * import { MiroClient } from 'miro-rx';
 * import { createStickyNoteItem, getAllItems, getSpecificBoard } from 'miro-rx/operations';
 *
 * const client = new MiroClient(() => session.accessToken);
 * getSpecificBoard(client, boardId).subscribe((board) => console.log(board.name));
 * getAllItems(client, boardId, { type: 'sticky_note' }).subscribe((note) => console.log(note.data.content));
 * ```
 * @packageDocumentation
 */
export * from './generated/operations/index.js';
export { bulkCreateItems, type BulkCreateOptions } from './bulk/bulk-create-items.js';
export { watchBoard } from './watch/watch-board.js';
export { exportBoards } from './export/export-boards.js';
export type { ExportBoardsOptions } from './export/export-boards-options.js';
export { MiroClient, type MiroClientOptions } from './client/miro-client.js';
