// Node-only helpers (files from paths and streams, file-backed storage): miro-rx/node.
export {};
