// Public exports of miro-rx/simulator (Node only).
export type * from './types.js';
export { startMiroSimulator, DEFAULT_SIMULATOR_TOKEN } from './server.js';
export { BULK_MAX_ITEMS, BULK_MAX_UPLOAD_BYTES } from './routes/bulk-routes.js';
