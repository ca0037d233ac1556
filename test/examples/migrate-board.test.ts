import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiroApi } from '../../src/index.js';
import { startMiroSimulator, type MiroSimulator } from '../../src/simulator/index.js';
import { seedDemoBoard, type DemoBoard } from '../../examples/migrate-board/src/demo-board.js';
import { importCsv } from '../../examples/migrate-board/src/csv-import.js';
import { parseCsv } from '../../examples/migrate-board/src/csv.js';
import { migrateBoard } from '../../examples/migrate-board/src/migrate-board.js';
import { verifyCopy } from '../../examples/migrate-board/src/verify-copy.js';
import { checkerApi, snapshotBoard } from './migrate-board-support.js';

const TOKEN = 'migration-token';
const CHECKER = 'checker-token';

let simulator: MiroSimulator;
let checker: MiroApi;
let source: DemoBoard;
/** A smaller board for the tests that copy more than once. */
let small: DemoBoard;
let workDir: string;

beforeAll(async () => {
  simulator = await startMiroSimulator({ tokens: { [TOKEN]: 'migrator', [CHECKER]: 'checker' }, rateLimit: false });
  checker = checkerApi(simulator, CHECKER);
  source = await seedDemoBoard(simulator, checker, 2_000);
  small = await seedDemoBoard(simulator, checker, 600);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-board-test-'));
});

afterAll(async () => {
  await simulator?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const api = () => new MiroApi(TOKEN, { baseUrl: simulator.url, scimBaseUrl: `${simulator.url}/scim`, rateLimit: false });

describe('migrate-board', () => {
  it('copies a board of 2,000 items exactly: types, content, positions, parents, tags, connectors', async () => {
    const target = simulator.state.createBoard({ name: 'copy' });
    const journalPath = path.join(workDir, 'exact.journal');
    const stats = await migrateBoard({ api: api(), from: source.boardId, to: target.id, journalPath });

    expect(stats.failures.size).toBe(0);
    expect(stats.items).toMatchObject({ read: 2_000, created: 2_000, adopted: 0, done: 0 });
    expect(stats.connectors.created).toBe(300);
    expect(stats.attachments.created).toBe(source.attachments);
    const [original, copy] = await Promise.all([snapshotBoard(simulator, checker, source.boardId), snapshotBoard(simulator, checker, target.id)]);
    expect(copy.byType).toEqual(original.byType);
    expect(copy.byType.frame).toBe(20);
    expect(copy.items).toEqual(original.items);
    expect(copy.connectors).toEqual(original.connectors);
    expect(copy.tagLinks).toEqual(original.tagLinks);
    expect(copy.tagLinks.length).toBe(source.attachments);
    expect((await verifyCopy(checker, source.boardId, target.id, journalPath)).problems).toEqual([]);
  }, 120_000);

  it('gives up on an item that keeps failing after a bounded number of passes: a per-item failure, the rest copied, no duplicates', async () => {
    const target = simulator.state.createBoard({ name: 'copy with a connector Miro always refuses' });
    const journalPath = path.join(workDir, 'persistent.journal');
    // Every connector create answers 5xx: transient each time, so each pass retries it, and
    // after the last pass the connectors end as failures instead of stopping the run.
    simulator.setFaults({ operations: ['create-connector'], serverErrorRate: 1 });
    const requestsBefore = simulator.requestLog.length;
    let stats;
    try {
      stats = await migrateBoard({ api: api(), from: small.boardId, to: target.id, journalPath });
    } finally {
      simulator.setFaults(undefined);
    }
    const connectorCalls = simulator.requestLog.slice(requestsBefore).filter((entry) => entry.operationId === 'create-connector').length;
    // One first pass plus four reconciling ones, each trying every connector once: bounded.
    expect(connectorCalls).toBe(small.connectors * 5);
    expect(stats.connectors.created).toBe(0);
    expect([...stats.failures.keys()].filter((key) => key.startsWith('connector:'))).toHaveLength(small.connectors);
    expect(stats.failures.size).toBe(small.connectors);
    expect(simulator.state.items(target.id)).toHaveLength(600);
    expect(stats.attachments.created).toBe(small.attachments);
    expect(fs.readFileSync(journalPath, 'utf8')).toContain('"kind":"uncertain","key":"connector:');
  }, 120_000);

  it('adopts what Miro created but the journal never recorded, instead of creating it twice', async () => {
    const target = simulator.state.createBoard({ name: 'copy with lost journal lines' });
    const journalPath = path.join(workDir, 'window.journal');
    await migrateBoard({ api: api(), from: small.boardId, to: target.id, journalPath });
    // As if the process died after Miro answered these calls but before their lines reached
    // the disk: drop 70 item lines and 10 connector lines.
    const lines = fs.readFileSync(journalPath, 'utf8').trimEnd().split('\n');
    const itemLines = lines
      .map((line, n) => [line, n] as const)
      .filter(([line]) => line.includes('"kind":"item"'))
      .slice(200, 270);
    const connectorLines = lines
      .map((line, n) => [line, n] as const)
      .filter(([line]) => line.includes('"kind":"connector"'))
      .slice(0, 10);
    const dropped = new Set([...itemLines, ...connectorLines].map(([, n]) => n));
    fs.writeFileSync(journalPath, `${lines.filter((_, n) => !dropped.has(n)).join('\n')}\n`);

    const rerun = await migrateBoard({ api: api(), from: small.boardId, to: target.id, journalPath });
    expect(rerun.items).toMatchObject({ created: 0, adopted: 70, done: 530 });
    expect(rerun.connectors).toMatchObject({ created: 0, adopted: 10, done: small.connectors - 10 });
    expect(rerun.attachments).toMatchObject({ created: 0, done: small.attachments });
    expect(simulator.state.items(target.id)).toHaveLength(600);
    expect((await verifyCopy(checker, small.boardId, target.id, journalPath)).problems).toEqual([]);
  }, 120_000);

  it('recovers within the run when Miro creates a batch but the answer is lost on the way', async () => {
    const target = simulator.state.createBoard({ name: 'copy over a flaky line' });
    const journalPath = path.join(workDir, 'flaky.journal');
    // Miro acts, then the connection drops: the client cannot know the items exist.
    simulator.setFaults({ resetAfterActingRate: 0.3, operations: ['create-items'] });
    let stats;
    try {
      stats = await migrateBoard({ api: api(), from: small.boardId, to: target.id, journalPath });
    } finally {
      simulator.setFaults(undefined);
    }
    expect(simulator.requestLog.some((entry) => entry.fault !== undefined && entry.operationId === 'create-items')).toBe(true);
    expect(stats.items.adopted).toBeGreaterThan(0);
    expect(stats.items.created + stats.items.adopted).toBe(600);
    expect(stats.failures.size).toBe(0);
    expect(simulator.state.items(target.id)).toHaveLength(600);
    expect((await verifyCopy(checker, small.boardId, target.id, journalPath)).problems).toEqual([]);
  }, 120_000);

  it('a dry run reads everything, creates nothing and writes no journal', async () => {
    const target = simulator.state.createBoard({ name: 'dry' });
    const journalPath = path.join(workDir, 'dry.journal');
    const stats = await migrateBoard({ api: api(), from: source.boardId, to: target.id, journalPath, dryRun: true });
    expect(stats.items.created).toBe(2_000);
    expect(stats.connectors.created).toBe(300);
    expect(simulator.state.items(target.id)).toHaveLength(0);
    expect(fs.existsSync(journalPath)).toBe(false);
  });

  it('says which board is wrong, and refuses a journal made for other boards', async () => {
    const target = simulator.state.createBoard({ name: 'target' });
    const journalPath = path.join(workDir, 'wrong.journal');
    await expect(migrateBoard({ api: api(), from: 'uXjVNoSuchBoard=', to: target.id, journalPath })).rejects.toThrow(
      'the source board uXjVNoSuchBoard= was not found (404)',
    );
    await expect(migrateBoard({ api: api(), from: source.boardId, to: source.boardId, journalPath })).rejects.toThrow('same board');
    const other = simulator.state.createBoard({ name: 'other' });
    simulator.state.addItems(other.id, 3);
    await migrateBoard({ api: api(), from: other.id, to: target.id, journalPath });
    await expect(migrateBoard({ api: api(), from: source.boardId, to: target.id, journalPath })).rejects.toThrow(`belongs to a copy from ${other.id}`);
  });

  it('imports a CSV file as sticky notes, quotes and line breaks included, resumably', async () => {
    const target = simulator.state.createBoard({ name: 'csv' });
    const csvPath = path.join(workDir, 'notes.csv');
    fs.writeFileSync(csvPath, 'content,x,y,color\r\n"Hello, world",0,0,yellow\n"She said ""hi""\nthen left",300,0,\nPlain,600,0,light_green\n');
    const journalPath = path.join(workDir, 'csv.journal');
    const stats = await importCsv({ api: api(), to: target.id, csvPath, journalPath });
    expect(stats.items.created).toBe(3);
    expect(simulator.state.items(target.id).map((item) => item.data?.content)).toEqual(['Hello, world', 'She said "hi"\nthen left', 'Plain']);
    const again = await importCsv({ api: api(), to: target.id, csvPath, journalPath });
    expect(again.items).toMatchObject({ created: 0, done: 3 });
    expect(simulator.state.items(target.id)).toHaveLength(3);
  });

  it('parses CSV by RFC 4180 and names the line of a broken file', () => {
    expect(parseCsv('\uFEFFa,b\n"x,1","y""2"\n\nlast').map((row) => row.fields)).toEqual([['a', 'b'], ['x,1', 'y"2'], ['last']]);
    expect(() => parseCsv('a\n"open\nstill open')).toThrow('CSV line 3: a quoted field is never closed (the file ends inside quotes)');
    expect(parseCsv('a\n"two\nlines",b\nc').map((row) => row.line)).toEqual([1, 2, 4]);
    expect(() => parseCsv('a\nab"c')).toThrow('CSV line 2: a quote inside an unquoted field');
  });
});
