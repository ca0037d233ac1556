// Node-only helpers (files from paths and streams, file-backed storage): miro-rx/node.
export { fileFromPath, type FileFromPathOptions } from './file-from-path.js';
export { fileFromStream, type FileFromStreamOptions, type FileStreamSource } from './file-from-stream.js';
