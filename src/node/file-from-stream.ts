import type { MiroFileUpload } from '../files/miro-file.js';
import { contentTypeFromFileName } from '../files/file-content-type.js';

/** Options of `fileFromStream`. */
export interface FileFromStreamOptions {
  /** Name Miro shows; its extension gives the content type unless `contentType` is set. */
  fileName: string;
  contentType?: string;
  /**
   * Stop reading and fail once the stream passes this many bytes (the stream is destroyed).
   * Default: no limit. A bulk upload carries at most 6 MB of files (`BULK_MAX_UPLOAD_BYTES`).
   */
  maxBytes?: number;
}

/** What `fileFromStream` reads: a Node `Readable`, a web `ReadableStream`, or any async iterable of chunks. */
export type FileStreamSource = AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>;

/**
 * Reads a stream to its end into a `MiroFile`. Multipart uploads need each file's size before
 * sending (and the 6 MB bulk limit is checked against it), so the bytes are gathered in memory.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { fileFromStream } from 'miro-rx/node';
 * const file = await fileFromStream(createReadStream('report.pdf'), { fileName: 'Q3 report.pdf' });
 * ```
 */
export async function fileFromStream(stream: FileStreamSource, options: FileFromStreamOptions): Promise<MiroFileUpload> {
  const { fileName, maxBytes } = options ?? ({} as FileFromStreamOptions);
  if (typeof fileName !== 'string' || fileName === '') throw new TypeError('fileFromStream: options.fileName must be a non-empty string');
  if (stream === null || typeof stream !== 'object' || !(Symbol.asyncIterator in stream)) {
    throw new TypeError('fileFromStream: stream must be a Readable, a ReadableStream or an async iterable of chunks');
  }
  if (maxBytes !== undefined && !(Number.isFinite(maxBytes) && maxBytes >= 0)) {
    throw new TypeError('fileFromStream: options.maxBytes must be a non-negative number');
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Node's web ReadableStream is async-iterable; the DOM typings do not say so.
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += bytes.byteLength;
    // Leaving the loop early calls the iterator's return(), which destroys a Node stream.
    if (maxBytes !== undefined && size > maxBytes) {
      throw new Error(`fileFromStream: ${fileName} is larger than ${maxBytes} bytes`);
    }
    chunks.push(bytes);
  }
  return {
    data: Buffer.concat(chunks, size),
    fileName,
    contentType: options.contentType ?? contentTypeFromFileName(fileName),
  };
}
