import * as z from 'zod/mini';
import { contentTypeFromFileName } from './file-content-type.js';

/**
 * A file to upload: the bytes with a file name and, optionally, a content type.
 * A browser `File` can be passed as it is (it has a name and a type).
 */
export interface MiroFileUpload {
  data: Blob | ArrayBuffer | Uint8Array;
  fileName: string;
  contentType?: string;
}

/** What multipart parts accept: `{ data, fileName, contentType? }` or a browser `File`. */
export type MiroFile = MiroFileUpload | File;

const hasBlob = typeof Blob !== 'undefined';
const isBinary = (value: unknown): value is Blob | ArrayBuffer | Uint8Array =>
  (hasBlob && value instanceof Blob) || value instanceof ArrayBuffer || value instanceof Uint8Array;
const isNamedFile = (value: unknown): value is File =>
  hasBlob && value instanceof Blob && typeof (value as File).name === 'string' && (value as File).name !== '';

/** Validates a `MiroFile` before it is sent. */
export const miroFileSchema = z.custom<MiroFile>(
  (value) =>
    isNamedFile(value) ||
    (typeof value === 'object' &&
      value !== null &&
      isBinary((value as MiroFileUpload).data) &&
      typeof (value as MiroFileUpload).fileName === 'string' &&
      (value as MiroFileUpload).fileName !== ''),
  { message: 'must be a File or { data: Blob | ArrayBuffer | Uint8Array, fileName, contentType? }' },
);

export function isMiroFile(value: unknown): value is MiroFile {
  return miroFileSchema.safeParse(value).success;
}

/** The file as a Blob with its name, ready for FormData. */
export function toBlobPart(file: MiroFile): { blob: Blob; fileName: string } {
  if (isNamedFile(file)) {
    // A File without a type (some browsers leave it empty) gets one from its extension.
    return { blob: file.type ? file : new Blob([file], { type: contentTypeFromFileName(file.name) }), fileName: file.name };
  }
  const { data, fileName, contentType } = file as MiroFileUpload;
  const type = contentType || (data instanceof Blob && data.type) || contentTypeFromFileName(fileName);
  const blob = data instanceof Blob && data.type === type ? data : new Blob([data as BlobPart], { type });
  return { blob, fileName };
}

/** Size in bytes, for limits checked before sending (Miro accepts at most 6 MB per bulk call). */
export function fileSize(file: MiroFile): number {
  if (isNamedFile(file)) return file.size;
  const { data } = file as MiroFileUpload;
  return data instanceof Blob ? data.size : data.byteLength;
}
