// Public exports of miro-rx/simulator.
export type * from './types.js';
