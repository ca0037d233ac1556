#!/usr/bin/env node
// miro-rx-simulator: runs the Miro simulator until SIGINT or SIGTERM.
import { CLI_USAGE, parseCliArgs, type CliRequest } from './cli-options.js';
import { startMiroSimulator } from './server.js';

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

const simulator = await startMiroSimulator(request.options);
console.log(`Miro simulator listening on ${simulator.url} (SCIM at ${simulator.url}/scim)`);
if (request.seedItems !== undefined) {
  const board = simulator.state.createBoard({ name: `Seeded board (${request.seedItems} items)` });
  simulator.state.addItems(board.id, request.seedItems);
  console.log(`Seeded board ${board.id} with ${request.seedItems} items`);
}

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing (${simulator.requestLog.length} requests served)`);
  simulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
