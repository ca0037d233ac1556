#!/usr/bin/env node
// miro-rx-simulator: runs the Miro simulator until SIGINT or SIGTERM.
import { CLI_USAGE, parseCliArgs, startFailureMessage, type CliRequest } from './cli-options.js';
import { startMiroSimulator } from './server.js';
import type { MiroSimulator } from './types.js';

/** Longest a signal waits for connections to close before the process exits anyway. */
const EXIT_DEADLINE_MS = 500;

let request: CliRequest;
try {
  request = parseCliArgs(process.argv.slice(2));
} catch (error) {
  console.error(`miro-rx-simulator: ${(error as Error).message}\n\n${CLI_USAGE}`);
  process.exit(2);
}
if (request.help) {
  console.log(CLI_USAGE);
  process.exit(0);
}

let simulator: MiroSimulator;
try {
  simulator = await startMiroSimulator(request.options);
} catch (error) {
  // A taken port or a bad option is the operator's to fix: one line, no stack.
  console.error(startFailureMessage(error, request.options));
  process.exit(1);
}
console.log(`Miro simulator listening on ${simulator.url} (SCIM at ${simulator.url}/scim)`);
const boards = request.seedBoards ?? (request.seedItems === undefined ? 0 : 1);
const items = request.seedItems ?? 0;
for (let n = 1; n <= boards; n++) {
  const board = simulator.state.createBoard({ name: boards === 1 ? `Seeded board (${items} items)` : `Seeded board ${n} (${items} items)` });
  if (items > 0) simulator.state.addItems(board.id, items);
  console.log(`Seeded board ${board.id} with ${items} items`);
}
if (request.options.faults) console.log(`Faults on: ${JSON.stringify(request.options.faults)}`);

let stopping = false;
const stop = (signal: string) => {
  // A second signal means now.
  if (stopping) process.exit(1);
  stopping = true;
  console.log(`${signal}: closing (${simulator.requestLog.length} requests served)`);
  // close() drops every connection at once; the deadline covers anything that still holds on.
  setTimeout(() => process.exit(0), EXIT_DEADLINE_MS).unref();
  simulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`miro-rx-simulator: closing failed: ${(error as Error)?.message ?? String(error)}`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
