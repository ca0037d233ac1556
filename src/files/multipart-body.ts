import type { MultipartPart } from '../http/operation.js';
import { isMiroFile, toBlobPart, type MiroFile } from './miro-file.js';

/**
 * Builds the FormData of a multipart call. File parts carry their names and content types;
 * JSON parts travel as `application/json` documents, as Miro expects for `data`.
 */
export function multipartBody(parts: readonly MultipartPart[], body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const part of parts) {
    const value = body[part.name];
    if (value === undefined) continue;
    const files = part.kind === 'files' ? (value as MiroFile[]) : isMiroFile(value) ? [value] : undefined;
    if (files) {
      for (const file of files) {
        const { blob, fileName } = toBlobPart(file);
        form.append(part.name, blob, fileName);
      }
    } else {
      form.append(part.name, new Blob([JSON.stringify(value)], { type: 'application/json' }), `${part.name}.json`);
    }
  }
  return form;
}

/** Files in a multipart body, counted across parts (a bulk upload charges one item per file). */
export function countFiles(parts: readonly MultipartPart[], body: Record<string, unknown>): number {
  return parts.reduce((count, part) => {
    const value = body[part.name];
    if (part.kind === 'files' && Array.isArray(value)) return count + value.length;
    return part.kind === 'file' && value !== undefined ? count + 1 : count;
  }, 0);
}
