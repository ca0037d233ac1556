import { createItemsOperation as createItems } from '../generated/operations/create-items.js';
import { createItemsInBulkUsingFileFromDeviceOperation as fromDevice } from '../generated/operations/create-items-in-bulk-using-file-from-device.js';
import type { MiroValidationError, ValidationIssue } from '../errors/miro-errors.js';
import { invalidArguments, type OperationRoute } from '../errors/call-errors.js';
import { fileSize, isMiroFile } from '../files/miro-file.js';
import { BULK_FILE_ITEM_TYPES, BULK_MAX_UPLOAD_BYTES } from './bulk-limits.js';
import { isBulkFileItem, type BulkFileItem, type BulkItem, type BulkJsonItem } from './bulk-item.js';

/** One input, checked and sorted by the endpoint that will create it. */
export type BulkEntry =
  | { kind: 'json'; index: number; input: BulkJsonItem }
  | { kind: 'file'; index: number; input: BulkFileItem; bytes: number }
  | { kind: 'invalid'; index: number; input: BulkItem; error: MiroValidationError };

/**
 * Checks one input on its own, so that a bad item is reported by itself instead of failing
 * the 19 good items batched with it. JSON items are checked against `createItems`' schema;
 * file items need a valid file of at most 6 MB (a bigger one fits no call).
 */
export function bulkEntry(input: BulkItem, index: number): BulkEntry {
  const field = `items[${index}]`;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return invalid(createItems, input, index, [{ field, message: 'must be an item object' }]);
  }
  if (isBulkFileItem(input)) return fileEntry(input, index, field);
  const result = createItems.input().body!.safeParse([input]);
  if (result.success) return { kind: 'json', index, input };
  const issues = result.error.issues.map((issue) => ({
    // The schema is an array's: drop the leading 0 and name the input's own position.
    field: [field, ...issue.path.slice(1).map(String)].join('.'),
    message: issue.message.charAt(0).toLowerCase() + issue.message.slice(1),
  }));
  return invalid(createItems, input, index, issues);
}

function fileEntry(input: BulkFileItem, index: number, field: string): BulkEntry {
  const issues: ValidationIssue[] = [];
  if (!BULK_FILE_ITEM_TYPES.includes(input.type)) {
    issues.push({ field: `${field}.type`, message: `must be one of ${BULK_FILE_ITEM_TYPES.map((t) => `"${t}"`).join(', ')} for an item made from a file` });
  }
  if (!isMiroFile(input.file)) {
    const hint = typeof input.file === 'string' ? ' (for a path, use fileFromPath from miro-rx/node)' : '';
    issues.push({ field: `${field}.file`, message: `must be a File or { data: Blob | ArrayBuffer | Uint8Array, fileName, contentType? }${hint}` });
    return invalid(fromDevice, input, index, issues);
  }
  const bytes = fileSize(input.file);
  if (bytes > BULK_MAX_UPLOAD_BYTES) {
    issues.push({
      field: `${field}.file`,
      message: `is ${bytes} bytes; a bulk upload carries at most 6 MB (${BULK_MAX_UPLOAD_BYTES} bytes) of files`,
    });
  }
  return issues.length ? invalid(fromDevice, input, index, issues) : { kind: 'file', index, input, bytes };
}

function invalid(route: OperationRoute, input: BulkItem, index: number, issues: ValidationIssue[]): BulkEntry {
  return { kind: 'invalid', index, input, error: invalidArguments(route, issues) };
}
