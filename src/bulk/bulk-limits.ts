import type { ValidationIssue } from '../errors/miro-errors.js';
import { fileSize, isMiroFile, type MiroFile } from '../files/miro-file.js';

/** Items Miro accepts in one bulk call, JSON or from device. */
export const BULK_MAX_ITEMS = 20;

/**
 * Bytes of files Miro accepts in one from-device bulk call ("6 MB in all"). Read as decimal
 * megabytes, the stricter reading: a call refused here costs nothing, one refused by Miro
 * costs its credits.
 */
export const BULK_MAX_UPLOAD_BYTES = 6_000_000;

/** Item types Miro creates from files. */
export const BULK_FILE_ITEM_TYPES: readonly string[] = ['image', 'document'];

/**
 * What Miro would refuse in a from-device bulk body, found before anything is sent: more than
 * 20 files, more than 6 MB of files, or descriptions that do not pair one to one, in order,
 * with the files. `data` given as a ready-made JSON file is taken as it is. The operation's
 * generated module checks every body of its own with it, after the schema.
 */
export function bulkUploadIssues(body: { data?: unknown; resources?: unknown }): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const files = Array.isArray(body.resources) ? (body.resources as unknown[]).filter(isMiroFile) : [];
  if (files.length > BULK_MAX_ITEMS) {
    issues.push({ field: 'body.resources', message: `has ${files.length} files; Miro accepts at most ${BULK_MAX_ITEMS} per call` });
  }
  const bytes = totalBytes(files);
  if (bytes > BULK_MAX_UPLOAD_BYTES) {
    issues.push({
      field: 'body.resources',
      message: `holds ${bytes} bytes of files; Miro accepts at most 6 MB (${BULK_MAX_UPLOAD_BYTES} bytes) per call`,
    });
  }
  if (Array.isArray(body.data)) {
    if (body.data.length !== files.length) {
      issues.push({
        field: 'body.data',
        message: `describes ${body.data.length} items for ${files.length} files; give one description per file, in the same order`,
      });
    }
    body.data.forEach((description: unknown, index) => {
      const type = (description as { type?: unknown } | null)?.type;
      if (typeof type !== 'string' || !BULK_FILE_ITEM_TYPES.includes(type)) {
        issues.push({ field: `body.data.${index}.type`, message: `must be one of ${BULK_FILE_ITEM_TYPES.map((t) => `"${t}"`).join(', ')}` });
      }
    });
  }
  return issues;
}

/** Sum of the sizes of some files, in bytes. */
export function totalBytes(files: readonly MiroFile[]): number {
  return files.reduce((sum, file) => sum + fileSize(file), 0);
}
