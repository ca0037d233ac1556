// miro-rx-simulator command line (implemented with the simulator).
export {};
