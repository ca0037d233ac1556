import fs from 'node:fs';
import path from 'node:path';
import { from, lastValueFrom, mergeMap, bufferCount } from 'rxjs';
import type { MiroApi } from '../../../src/index.js';
import { copyItemBatch$ } from '../../board-copy/src/copy-items.js';
import { parseCsv } from './csv.js';
import { explainFailure, MigrationError } from '../../board-copy/src/explain-failure.js';
import type { SourceItem } from '../../board-copy/src/item-copy.js';
import { FileJournalStore } from '../../board-copy/src/file-journal-store.js';
import { Journal } from '../../board-copy/src/journal.js';
import type { CopyContext } from '../../board-copy/src/copy-context.js';
import { checkBoard } from './migrate-board.js';
import { RunStats } from '../../board-copy/src/run-stats.js';
import { takeTargetInventory } from '../../board-copy/src/target-inventory.js';

export interface ImportCsvOptions {
  api: MiroApi;
  to: string;
  csvPath: string;
  journalPath: string;
  dryRun?: boolean;
  onStart?: (stats: RunStats) => void;
}

/** Rows laid out on a grid when the file gives no positions. */
const GRID_COLUMNS = 20;
const GRID_STEP = 250;

/**
 * Imports a CSV file as sticky notes, one per row, with the same journal and resume guarantee
 * as a board copy (rows are the source items, keyed by their line). Columns: `content`
 * (required), `x` and `y` (numbers, optional), `color` (a sticky note colour, optional).
 */
export async function importCsv(options: ImportCsvOptions): Promise<RunStats> {
  const notes = readNotes(options.csvPath);
  const source = `csv:${path.resolve(options.csvPath)}`;
  const stats = new RunStats();
  options.onStart?.(stats);
  const journal = await Journal.open(new FileJournalStore(options.journalPath, { readOnly: options.dryRun }));
  try {
    await checkBoard(options.api, options.to, 'target');
    if (journal.run && (journal.run.from !== source || journal.run.to !== options.to)) {
      throw new MigrationError(`journal ${options.journalPath} belongs to a copy from ${journal.run.from} to ${journal.run.to}: pass --journal <another file>`);
    }
    stats.phase = 'reading target';
    const inventory = await takeTargetInventory(options.api, options.to, journal);
    if (!journal.run) {
      journal.append({
        kind: 'run',
        from: source,
        to: options.to,
        startedAt: new Date().toISOString(),
        preexisting: { items: inventory.itemIds, connectors: inventory.connectorIds },
      });
      await journal.flush();
    }
    const context: CopyContext = {
      api: options.api,
      from: source,
      to: options.to,
      journal,
      stats,
      dryRun: options.dryRun === true,
      readAhead: 1,
      orphanItems: inventory.orphanItems,
      orphanConnectors: inventory.orphanConnectors,
    };
    stats.phase = 'sticky notes';
    stats.sourceTotal = notes.length;
    stats.items.read = notes.length;
    await lastValueFrom(
      from(notes).pipe(
        bufferCount(50),
        mergeMap((chunk) => copyItemBatch$(context, chunk), 2),
      ),
      { defaultValue: undefined },
    );
    stats.unrecognisedOnTarget = inventory.orphanItems.size;
    return stats;
  } catch (error) {
    throw error instanceof MigrationError ? error : new MigrationError(explainFailure(error, { id: options.to, role: 'target' }));
  } finally {
    await journal.close();
    stats.phase = 'done';
  }
}

function readNotes(csvPath: string): SourceItem[] {
  let text: string;
  try {
    text = fs.readFileSync(csvPath, 'utf8');
  } catch (error) {
    throw new MigrationError(`cannot read CSV file ${csvPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let rows;
  try {
    rows = parseCsv(text);
  } catch (error) {
    throw new MigrationError(`${csvPath}: ${(error as Error).message}`);
  }
  const [header, ...body] = rows;
  const columns = (header?.fields ?? []).map((name) => name.trim().toLowerCase());
  const at = (name: string) => columns.indexOf(name);
  if (at('content') < 0) throw new MigrationError(`${csvPath}: the first row must name the columns, including "content" (optional: x, y, color)`);
  return body.map(({ line, fields }, n) => {
    const value = (name: string) => (at(name) >= 0 ? (fields[at(name)] ?? '').trim() : '');
    const number = (name: string, fallback: number) => {
      const raw = value(name);
      if (raw === '') return fallback;
      const parsed = Number(raw);
      if (!Number.isFinite(parsed)) throw new MigrationError(`${csvPath} line ${line}: ${name} must be a number, got ${JSON.stringify(raw)}`);
      return parsed;
    };
    const color = value('color');
    return {
      id: `line-${line}`,
      type: 'sticky_note',
      data: { content: fields[at('content')] ?? '', shape: 'square' },
      position: { x: number('x', (n % GRID_COLUMNS) * GRID_STEP), y: number('y', Math.floor(n / GRID_COLUMNS) * GRID_STEP) },
      ...(color ? { style: { fillColor: color } } : {}),
    } as SourceItem;
  });
}
